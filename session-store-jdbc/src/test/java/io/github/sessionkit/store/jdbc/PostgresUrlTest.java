package io.github.sessionkit.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionkit.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PostgresUrlTest {

  @Test
  void databaseUrlBecomesAJdbcUrlWithTheCredentialsKeptApart() {
    PostgresUrl url =
        PostgresUrl.parse(
            "DATABASE_URL", "postgresql://app:s3cr%40t@db.example:6543/sessions?sslmode=require");

    assertThat(url.jdbcUrl).isEqualTo("jdbc:postgresql://db.example:6543/sessions?sslmode=require");
    assertThat(url.user).isEqualTo("app");
    assertThat(url.password).isEqualTo("s3cr@t");
    assertThat(url.parameters.getProperty("sslmode")).isEqualTo("require");
    assertThat(url.masked)
        .isEqualTo("postgresql://app:****@db.example:6543/sessions?sslmode=require");
    assertThat(url.toString()).doesNotContain("s3cr");
  }

  @Test
  void aPasswordWithUnencodedSlashOrAtIsStillRecognisedAndMasked() {
    PostgresUrl url =
        PostgresUrl.parse(
            "DATABASE_URL", "postgresql://app:pa/ss@w0rd@db:5432/sessions?sslmode=require");
    assertThat(url.user).isEqualTo("app");
    assertThat(url.password).isEqualTo("pa/ss@w0rd");
    assertThat(url.jdbcUrl).isEqualTo("jdbc:postgresql://db:5432/sessions?sslmode=require");
    assertThat(url.masked).isEqualTo("postgresql://app:****@db:5432/sessions?sslmode=require");
  }

  @Test
  void multipleHostsAndIpv6PassThrough() {
    assertThat(
            PostgresUrl.parse(
                    "DATABASE_URL", "postgresql://u:p@h1:5432,h2:5433/db?targetServerType=primary")
                .jdbcUrl)
        .isEqualTo("jdbc:postgresql://h1:5432,h2:5433/db?targetServerType=primary");
    assertThat(PostgresUrl.parse("DATABASE_URL", "postgresql://u:p@[::1]:5432/db").jdbcUrl)
        .isEqualTo("jdbc:postgresql://[::1]:5432/db");
  }

  @Test
  void postgresSchemeAndDefaultsWork() {
    PostgresUrl url = PostgresUrl.parse("DATABASE_URL", "postgres://app@/sessions");
    assertThat(url.jdbcUrl).isEqualTo("jdbc:postgresql://localhost/sessions");
    assertThat(url.user).isEqualTo("app");
    assertThat(url.password).isNull();
  }

  @Test
  void libpqParameterNamesAreRenamedForPgJdbc() {
    PostgresUrl url =
        PostgresUrl.parse(
            "DATABASE_URL",
            "postgresql://u:p@h/db?application_name=shop&connect_timeout=3&sslmode=verify-full&sslrootcert=/ca.pem");
    assertThat(url.jdbcUrl)
        .isEqualTo(
            "jdbc:postgresql://h/db?ApplicationName=shop&connectTimeout=3&sslmode=verify-full&sslrootcert=/ca.pem");
    assertThat(url.hasParameter("connectTimeout")).isTrue();
    assertThat(url.hasParameter("socketTimeout")).isFalse();
  }

  @Test
  void jdbcUrlsAreUsedAsTheyAreAndTheirPasswordIsMasked() {
    PostgresUrl url =
        PostgresUrl.parse(
            "JDBC_URL", "jdbc:postgresql://h:5432/db?user=app&password=secret&ssl=true");
    assertThat(url.jdbcUrl)
        .isEqualTo("jdbc:postgresql://h:5432/db?user=app&password=secret&ssl=true");
    assertThat(url.user).isEqualTo("app");
    assertThat(url.password).isEqualTo("secret");
    assertThat(url.masked).doesNotContain("secret").contains("password=****");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "mysql://u:secret@h/db",
        "redis://h",
        "jdbc:mysql://h/db",
        "secret",
        "jdbc:postgresql://h:notaport/db"
      })
  void otherUrlsAreRefusedNamingTheSettingWithoutThePassword(String bad) {
    assertThatThrownBy(() -> PostgresUrl.parse("DATABASE_URL", bad))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("DATABASE_URL=")
        .hasMessageContaining("postgresql://user:password@host:5432/database")
        .satisfies(
            e -> assertThat(((ConfigurationException) e).setting()).isEqualTo("DATABASE_URL"));
    if (bad.contains("://")) {
      assertThatThrownBy(() -> PostgresUrl.parse("DATABASE_URL", bad))
          .message()
          .doesNotContain("secret");
    }
  }
}
