package io.github.sessionkit.store.redis;

import io.github.sessionkit.ConfigurationException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.HostAndPort;

/**
 * A parsed Redis URL. The accepted forms:
 *
 * <pre>
 * redis://[[user]:password@]host[:port][/db]              standalone, port 6379, db 0
 * rediss://[[user]:password@]host[:port][/db]             the same over TLS
 * redis-sentinel://[[user]:password@]h1[:port],h2[:port]/master[/db]   port 26379
 * rediss-sentinel://...                                   the same over TLS
 * redis-cluster://[[user]:password@]h1[:port],h2[:port]   seed nodes, port 6379
 * rediss-cluster://...                                    the same over TLS
 * </pre>
 *
 * <p>{@code :password@} (no user) is the legacy form and authenticates as the default user; {@code
 * user:password@} is an ACL user. User and password may be percent-encoded (a password holding
 * {@code @ / : %} must be). A user-info without a colon is rejected, because it would be unclear
 * whether it names a user or is a password. With Sentinel, the same credentials and TLS are used
 * for the sentinels and the master. Query strings are rejected rather than ignored.
 *
 * <p>Immutable. {@link #toString()} masks the password.
 */
final class RedisUrl {

  /** Which kind of deployment a URL names. */
  enum Mode {
    STANDALONE,
    SENTINEL,
    CLUSTER
  }

  static final int DEFAULT_PORT = 6379;
  static final int DEFAULT_SENTINEL_PORT = 26379;
  static final String FORMS =
      "redis://[[user]:password@]host[:port][/db] (rediss:// for TLS), "
          + "redis-sentinel://[[user]:password@]host[:port],host[:port]/master[/db] "
          + "or redis-cluster://[[user]:password@]host[:port],host[:port]";
  private static final Pattern HOST_NAME =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.%a-zA-Z]+");
  private static final Pattern MASTER_NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  private final Mode mode;
  private final boolean tls;
  private final @Nullable String user;
  private final @Nullable String password;
  private final List<HostAndPort> hosts;
  private final int database;
  private final @Nullable String masterName;
  private final String masked;

  private RedisUrl(
      Mode mode,
      boolean tls,
      @Nullable String user,
      @Nullable String password,
      List<HostAndPort> hosts,
      int database,
      @Nullable String masterName,
      String masked) {
    this.mode = mode;
    this.tls = tls;
    this.user = user;
    this.password = password;
    this.hosts = List.copyOf(hosts);
    this.database = database;
    this.masterName = masterName;
    this.masked = masked;
  }

  /**
   * Parses a URL.
   *
   * @param setting the setting the URL came from, named in errors
   * @throws ConfigurationException naming the setting, with the password masked, if the URL is not
   *     one of the accepted forms
   */
  static RedisUrl parse(String setting, String url) {
    Objects.requireNonNull(url, "url");
    String masked = mask(url);
    String trimmed = url.trim();
    int schemeEnd = trimmed.indexOf("://");
    if (schemeEnd < 0) {
      throw invalid(setting, masked, "a URL with a scheme");
    }
    String scheme = trimmed.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
    Mode mode;
    boolean tls;
    switch (scheme) {
      case "redis" -> {
        mode = Mode.STANDALONE;
        tls = false;
      }
      case "rediss" -> {
        mode = Mode.STANDALONE;
        tls = true;
      }
      case "redis-sentinel" -> {
        mode = Mode.SENTINEL;
        tls = false;
      }
      case "rediss-sentinel" -> {
        mode = Mode.SENTINEL;
        tls = true;
      }
      case "redis-cluster" -> {
        mode = Mode.CLUSTER;
        tls = false;
      }
      case "rediss-cluster" -> {
        mode = Mode.CLUSTER;
        tls = true;
      }
      default ->
          throw invalid(
              setting,
              masked,
              "a scheme of redis, rediss, redis-sentinel, "
                  + "rediss-sentinel, redis-cluster or rediss-cluster");
    }
    String rest = trimmed.substring(schemeEnd + 3);
    if (rest.indexOf('?') >= 0 || rest.indexOf('#') >= 0) {
      throw invalid(
          setting,
          masked,
          "no query string or fragment; set options through SESSION_REDIS_* settings");
    }
    String user = null;
    String password = null;
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      String userInfo = rest.substring(0, at);
      rest = rest.substring(at + 1);
      int colon = userInfo.indexOf(':');
      if (colon < 0) {
        throw invalid(setting, masked, "user-info as user:password@ or :password@ (legacy form)");
      }
      String rawUser = userInfo.substring(0, colon);
      user = rawUser.isEmpty() ? null : decode(setting, masked, rawUser);
      password = decode(setting, masked, userInfo.substring(colon + 1));
      if (password.isEmpty()) {
        throw invalid(setting, masked, "a password after the colon of user:password@");
      }
    }
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : rest.substring(slash + 1);
    int defaultPort = mode == Mode.SENTINEL ? DEFAULT_SENTINEL_PORT : DEFAULT_PORT;
    List<HostAndPort> hosts = parseHosts(setting, masked, authority, defaultPort);
    if (mode == Mode.STANDALONE && hosts.size() != 1) {
      throw invalid(
          setting,
          masked,
          "exactly one host for "
              + scheme
              + "://; use redis-sentinel:// or "
              + "redis-cluster:// for several");
    }
    int database = 0;
    String masterName = null;
    String[] segments = path.isEmpty() ? new String[0] : path.split("/", -1);
    switch (mode) {
      case STANDALONE -> {
        if (segments.length > 1
            || (segments.length == 1 && !segments[0].isEmpty() && !isDigits(segments[0]))) {
          throw invalid(
              setting,
              masked,
              "a database number after the host, as in " + scheme + "://host:6379/0");
        }
        database =
            segments.length == 1 && !segments[0].isEmpty()
                ? database(setting, masked, segments[0])
                : 0;
      }
      case SENTINEL -> {
        if (segments.length == 0
            || segments.length > 2
            || !MASTER_NAME.matcher(segments[0]).matches()) {
          throw invalid(
              setting,
              masked,
              "the master name after the sentinel hosts, as in "
                  + "redis-sentinel://h1:26379,h2:26379/mymaster[/db]");
        }
        masterName = segments[0];
        if (segments.length == 2) {
          if (!isDigits(segments[1])) {
            throw invalid(
                setting,
                masked,
                "a database number after the master name, as in "
                    + "redis-sentinel://h1:26379/mymaster/0");
          }
          database = database(setting, masked, segments[1]);
        }
      }
      case CLUSTER -> {
        boolean empty = segments.length == 0 || (segments.length == 1 && segments[0].isEmpty());
        if (!empty && !(segments.length == 1 && segments[0].equals("0"))) {
          throw invalid(
              setting, masked, "no database for redis-cluster:// (a cluster has only database 0)");
        }
      }
      default -> throw new AssertionError(mode);
    }
    return new RedisUrl(mode, tls, user, password, hosts, database, masterName, masked);
  }

  private static List<HostAndPort> parseHosts(
      String setting, String masked, String authority, int defaultPort) {
    if (authority.isEmpty()) {
      throw invalid(setting, masked, "a host, as in redis://localhost:6379");
    }
    List<HostAndPort> hosts = new ArrayList<>();
    for (String part : authority.split(",", -1)) {
      String host;
      String port = null;
      if (part.startsWith("[")) {
        int close = part.indexOf(']');
        if (close < 0) {
          throw invalid(setting, masked, "an IPv6 address in brackets, as in [::1]:6379");
        }
        host = part.substring(1, close);
        String after = part.substring(close + 1);
        if (!after.isEmpty()) {
          if (!after.startsWith(":")) {
            throw invalid(setting, masked, "host[:port] entries separated by commas");
          }
          port = after.substring(1);
        }
        if (!IPV6.matcher(host).matches()) {
          throw invalid(setting, masked, "an IPv6 address in brackets, as in [::1]:6379");
        }
      } else {
        int colon = part.lastIndexOf(':');
        host = colon < 0 ? part : part.substring(0, colon);
        port = colon < 0 ? null : part.substring(colon + 1);
        if (!HOST_NAME.matcher(host).matches()) {
          throw invalid(
              setting,
              masked,
              "host[:port] entries separated by commas, a host name or address in each");
        }
      }
      int portNumber = defaultPort;
      if (port != null) {
        if (!isDigits(port)
            || port.length() > 5
            || Integer.parseInt(port) < 1
            || Integer.parseInt(port) > 65535) {
          throw invalid(setting, masked, "a port from 1 to 65535 after the host");
        }
        portNumber = Integer.parseInt(port);
      }
      hosts.add(new HostAndPort(host, portNumber));
    }
    return hosts;
  }

  private static int database(String setting, String masked, String digits) {
    if (digits.length() > 5 || Integer.parseInt(digits) > 65535) {
      throw invalid(setting, masked, "a database number from 0 to 65535");
    }
    return Integer.parseInt(digits);
  }

  private static boolean isDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static String decode(String setting, String masked, String encoded) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(encoded.length());
    byte[] bytes = encoded.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      byte b = bytes[i];
      if (b == '%') {
        if (i + 2 >= bytes.length) {
          throw invalid(setting, masked, "percent-encoding as %XX in user and password");
        }
        int hi = Character.digit(bytes[i + 1], 16);
        int lo = Character.digit(bytes[i + 2], 16);
        if (hi < 0 || lo < 0) {
          throw invalid(setting, masked, "percent-encoding as %XX in user and password");
        }
        out.write(hi * 16 + lo);
        i += 2;
      } else {
        out.write(b);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static ConfigurationException invalid(String setting, String masked, String expected) {
    return ConfigurationException.invalid(setting, masked, expected + "; accepted forms: " + FORMS);
  }

  /**
   * The URL with its user-info password replaced by {@code ****}. A user-info without a colon is
   * masked whole, as some clients read it as a password.
   */
  static String mask(String url) {
    int schemeEnd = url.indexOf("://");
    int start = schemeEnd < 0 ? 0 : schemeEnd + 3;
    int at = url.lastIndexOf('@');
    if (at < start) {
      return url;
    }
    String userInfo = url.substring(start, at);
    int colon = userInfo.indexOf(':');
    String safe = colon < 0 ? "****" : userInfo.substring(0, colon) + ":****";
    return url.substring(0, start) + safe + url.substring(at);
  }

  Mode mode() {
    return mode;
  }

  boolean tls() {
    return tls;
  }

  @Nullable String user() {
    return user;
  }

  @Nullable String password() {
    return password;
  }

  List<HostAndPort> hosts() {
    return hosts;
  }

  int database() {
    return database;
  }

  @Nullable String masterName() {
    return masterName;
  }

  /** The URL as given, password masked. */
  String masked() {
    return masked;
  }

  @Override
  public String toString() {
    return masked;
  }
}
