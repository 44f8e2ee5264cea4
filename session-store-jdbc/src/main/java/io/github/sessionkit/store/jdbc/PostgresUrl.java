package io.github.sessionkit.store.jdbc;

import io.github.sessionkit.ConfigurationException;
import io.github.sessionkit.spi.Settings;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import org.postgresql.Driver;

/**
 * A PostgreSQL URL in either accepted form, turned into a PgJDBC URL plus credentials.
 *
 * <p>{@code postgresql://user:password@host:port/db?sslmode=require} (also {@code postgres://}, the
 * libpq / {@code DATABASE_URL} form) becomes {@code jdbc:postgresql://host:port/db?sslmode=require}
 * with the user and password kept apart, so the password is never part of a URL string that a pool
 * or driver might log. {@code jdbc:postgresql:...} URLs are used as they are. Query parameters pass
 * through to PgJDBC, which understands the libpq SSL ones ({@code sslmode}, {@code sslrootcert},
 * {@code sslcert}, {@code sslkey}); {@code application_name} and {@code connect_timeout} are
 * renamed to their PgJDBC spelling.
 */
final class PostgresUrl {

  static final String EXPECTED =
      "postgresql://user:password@host:5432/database (also postgres://) or"
          + " jdbc:postgresql://host:5432/database";

  final String jdbcUrl;
  final @Nullable String user;
  final @Nullable String password;

  /** The URL's own parameters, as PgJDBC parsed them. */
  final Properties parameters;

  final String masked;

  private PostgresUrl(
      String jdbcUrl,
      @Nullable String user,
      @Nullable String password,
      Properties parameters,
      String masked) {
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
    this.parameters = parameters;
    this.masked = masked;
  }

  /**
   * Parses a URL.
   *
   * @param setting the setting the URL came from, for error messages
   * @throws ConfigurationException if it is not a PostgreSQL URL
   */
  static PostgresUrl parse(String setting, String url) {
    String trimmed = url.trim();
    String lower = trimmed.toLowerCase(Locale.ROOT);
    String masked;
    String jdbcUrl;
    String user = null;
    String password = null;
    if (lower.startsWith("jdbc:postgresql:")) {
      jdbcUrl = trimmed;
      masked = Settings.maskUrl(trimmed);
    } else if (lower.startsWith("postgresql://") || lower.startsWith("postgres://")) {
      int schemeEnd = trimmed.indexOf("://") + 3;
      String rest = trimmed.substring(schemeEnd);
      // The user info ends at the last '@' before the query, so a password with an unencoded
      // '/' or '@' is still recognised, and masked, rather than read as part of the host.
      int query = rest.indexOf('?');
      int at = (query < 0 ? rest : rest.substring(0, query)).lastIndexOf('@');
      String hostAndPath = rest.substring(at + 1);
      String userInfo = at < 0 ? null : rest.substring(0, at);
      String maskedInfo = "";
      if (userInfo != null) {
        int colon = userInfo.indexOf(':');
        String rawUser = colon < 0 ? userInfo : userInfo.substring(0, colon);
        maskedInfo = rawUser + (colon < 0 ? "" : ":****") + "@";
        masked = Settings.maskUrl(trimmed.substring(0, schemeEnd) + maskedInfo + hostAndPath);
        user = decode(setting, masked, rawUser);
        password = colon < 0 ? null : decode(setting, masked, userInfo.substring(colon + 1));
      } else {
        masked = Settings.maskUrl(trimmed);
      }
      int slash = indexOfAny(hostAndPath, "/?");
      String authority = slash < 0 ? hostAndPath : hostAndPath.substring(0, slash);
      String pathAndQuery = slash < 0 ? "/" : hostAndPath.substring(slash);
      if (authority.isEmpty()) {
        authority = "localhost";
      }
      if (pathAndQuery.startsWith("?")) {
        pathAndQuery = "/" + pathAndQuery;
      }
      jdbcUrl = "jdbc:postgresql://" + authority + renameLibpqParameters(pathAndQuery);
    } else {
      throw ConfigurationException.invalid(setting, Settings.maskUrl(trimmed), EXPECTED);
    }
    Properties parsed;
    try {
      parsed = Driver.parseURL(jdbcUrl, null);
    } catch (RuntimeException e) {
      parsed = null;
    }
    if (parsed == null) {
      throw ConfigurationException.invalid(setting, masked, EXPECTED);
    }
    if (user == null) {
      user = parsed.getProperty("user");
    }
    if (password == null) {
      password = parsed.getProperty("password");
    }
    return new PostgresUrl(jdbcUrl, emptyToNull(user), emptyToNull(password), parsed, masked);
  }

  private static @Nullable String emptyToNull(@Nullable String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  private static int indexOfAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  private static String decode(String setting, String masked, String part) {
    try {
      return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ConfigurationException.invalid(
          setting, masked, EXPECTED + " with user and password percent-encoded");
    }
  }

  private static String renameLibpqParameters(String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    if (q < 0) {
      return pathAndQuery;
    }
    StringBuilder out = new StringBuilder(pathAndQuery.substring(0, q + 1));
    String[] pairs = pathAndQuery.substring(q + 1).split("&", -1);
    for (int i = 0; i < pairs.length; i++) {
      String pair = pairs[i];
      if (pair.startsWith("application_name=")) {
        pair = "ApplicationName=" + pair.substring("application_name=".length());
      } else if (pair.startsWith("connect_timeout=")) {
        pair = "connectTimeout=" + pair.substring("connect_timeout=".length());
      }
      out.append(i == 0 ? "" : "&").append(pair);
    }
    return out.toString();
  }

  /** Whether the URL sets a PgJDBC property itself. */
  boolean hasParameter(String name) {
    return parameters.getProperty(name) != null;
  }

  @Override
  public String toString() {
    return masked;
  }
}
