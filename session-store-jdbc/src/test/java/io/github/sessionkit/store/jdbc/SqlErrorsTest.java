package io.github.sessionkit.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionkit.StoreCredentialsException;
import io.github.sessionkit.StoreException;
import io.github.sessionkit.StoreUnavailableException;
import io.github.sessionkit.StoreUnreachableException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlErrorsTest {

  @ParameterizedTest
  @ValueSource(strings = {"08001", "08006", "08003", "57P01", "57P03", "57014", "53300"})
  void connectionProblemsAndTimeoutsMeanUnavailable(String state) {
    StoreException e =
        SqlErrors.translate("load", "postgresql://u:****@h/db", new SQLException("boom", state));
    assertThat(e)
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("load")
        .hasMessageContaining("postgresql://u:****@h/db")
        .hasMessageContaining(state);
  }

  @ParameterizedTest
  @ValueSource(strings = {"23505", "42P01", "22P02", "40P01", "XX000"})
  void otherErrorsAreStoreExceptionsNamingTheSqlState(String state) {
    StoreException e =
        SqlErrors.translate(
            "merge", "t", new SQLException("first line\n  Detail: personal data", state));
    assertThat(e)
        .isNotInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("SQLState " + state)
        .hasMessageContaining("first line")
        .hasMessageNotContaining("personal data");
  }

  @Test
  void aPoolTimeoutIsUnavailableAndShowsTheUnderlyingConnectionError() {
    SQLException pool =
        new SQLTransientConnectionException(
            "pool - Connection is not available, request timed out after 500ms",
            "08001",
            new ConnectException("Connection refused"));
    StoreException e = SqlErrors.translate("load", "t", pool);
    assertThat(e)
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("Connection refused");
  }

  @Test
  void aServerThatRefusesOrDropsConnectionsIsUnreachableAndABusyPoolIsNot() {
    SQLException refused =
        new SQLTransientConnectionException(
            "pool - Connection is not available, request timed out",
            "08001",
            new ConnectException("Connection refused"));
    assertThat(SqlErrors.translate("load", "t", refused))
        .isInstanceOf(StoreUnreachableException.class);
    assertThat(
            SqlErrors.translate("load", "t", new SQLException("terminating connection", "57P01")))
        .isInstanceOf(StoreUnreachableException.class);
    assertThat(SqlErrors.translate("load", "t", new SQLException("EOF", "08006")))
        .isInstanceOf(StoreUnreachableException.class);
    SQLException busy =
        new SQLTransientConnectionException(
            "pool - Connection is not available, request timed out after 500ms (total=5, active=5,"
                + " idle=0, waiting=3)");
    assertThat(SqlErrors.translate("merge", "t", busy))
        .isInstanceOf(StoreUnavailableException.class)
        .isNotInstanceOf(StoreUnreachableException.class);
    assertThat(SqlErrors.translate("merge", "t", new SQLException("canceling statement", "57014")))
        .isInstanceOf(StoreUnavailableException.class)
        .isNotInstanceOf(StoreUnreachableException.class);
  }

  @Test
  void rejectedCredentialsAreTheirOwnTypeAlsoBehindAPoolTimeoutAndNameTheStoreAndOperation() {
    StoreException direct =
        SqlErrors.translate(
            "load",
            "t",
            new SQLException("password authentication failed for user \"app\"", "28P01"));
    assertThat(direct)
        .isInstanceOf(StoreCredentialsException.class)
        .isNotInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("rejected the credentials");
    assertThat(direct.store()).isEqualTo("postgresql");
    assertThat(direct.operation()).isEqualTo("load");
    SQLException pooled =
        new SQLTransientConnectionException(
            "pool - Connection is not available",
            "28P01",
            new SQLException("password authentication failed", "28P01"));
    assertThat(SqlErrors.translate("merge", "t", pooled))
        .isInstanceOf(StoreCredentialsException.class);
    StoreException other = SqlErrors.translate("merge", "t", new SQLException("boom", "XX000"));
    assertThat(other.store()).isEqualTo("postgresql");
    assertThat(other.operation()).isEqualTo("merge");
  }

  @Test
  void onlyBrokenConnectionsAreRetriedByReads() {
    assertThat(SqlErrors.isBrokenConnection(new SQLException("x", "08006"))).isTrue();
    assertThat(SqlErrors.isBrokenConnection(new SQLException("x", "57P01"))).isTrue();
    assertThat(SqlErrors.isBrokenConnection(new SQLException("x", "57014"))).isFalse();
    assertThat(SqlErrors.isBrokenConnection(new SQLException("x", "23505"))).isFalse();
  }
}
