package io.github.sessionkit.testkit.redis;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import redis.embedded.core.ExecutableProvider;

/**
 * One real {@code redis-server} process on a loopback port, for tests: the binary shipped in the
 * {@code com.github.codemonstur:embedded-redis} artifact (Redis 6.2, built with TLS), run without
 * persistence in a private temporary directory. It can be stopped and started again on the same
 * port, which is how tests simulate a Redis restart (the data and the script cache are gone
 * afterwards, as after a real restart without persistence).
 *
 * <pre>{@code
 * try (RedisProcess redis = RedisProcess.builder().password("s3cret").start()) {
 *   String url = redis.url();          // redis://:s3cret@127.0.0.1:<port>
 *   redis.restart();
 * }
 * }</pre>
 *
 * <p>Options: a password ({@code requirepass}), TLS on the same port with a {@link SelfSignedTls}
 * certificate (plain connections are then refused), cluster mode, and any other {@code redis.conf}
 * directive. Processes are stopped by {@link #close()} and, as a safety net, by a JVM shutdown
 * hook. Thread-safe.
 */
public final class RedisProcess implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
  private static final String READY = "Ready to accept connections";

  private final int port;
  private final @Nullable String password;
  private final @Nullable SelfSignedTls tls;
  private final boolean cluster;
  private final List<String> extraArgs;
  private final @Nullable String monitoredMaster;
  private final @Nullable RedisProcess master;
  private final Path directory;
  private final Thread shutdownHook;
  private @Nullable Process process;
  private int starts;

  private RedisProcess(Builder b) {
    this.port = b.port == 0 ? FreePorts.find(b.cluster) : b.port;
    this.password = b.password;
    this.tls = b.tls;
    this.cluster = b.cluster;
    this.extraArgs = List.copyOf(b.extraArgs);
    this.monitoredMaster = b.monitoredMaster;
    this.master = b.master;
    try {
      this.directory = Files.createTempDirectory("sessionkit-redis-" + port + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.shutdownHook = new Thread(this::stopQuietly, "sessionkit-redis-stop-" + port);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts configuring a process. */
  public static Builder builder() {
    return new Builder();
  }

  /** A plain standalone server on a free port, started. */
  public static RedisProcess startDefault() {
    return builder().start();
  }

  /** The loopback address the server listens on. */
  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return port;
  }

  /** The password clients must send, or null when none is required. */
  public @Nullable String password() {
    return password;
  }

  /**
   * {@code redis://[:password@]127.0.0.1:port}, or {@code rediss://} when TLS is on; for a sentinel
   * {@code redis-sentinel://[:password@]127.0.0.1:port/master}, with the master's password.
   */
  public String url() {
    if (master != null) {
      String masterPassword = master.password();
      return "redis-sentinel://"
          + (masterPassword != null ? ":" + masterPassword + "@" : "")
          + host()
          + ":"
          + port
          + "/"
          + monitoredMaster;
    }
    return (tls != null ? "rediss://" : "redis://")
        + (password != null ? ":" + password + "@" : "")
        + host()
        + ":"
        + port;
  }

  /** Starts the process (again, after {@link #stop()}) and waits until it accepts connections. */
  public synchronized RedisProcess start() {
    if (process != null && process.isAlive()) {
      return this;
    }
    File binary;
    try {
      binary = ExecutableProvider.newJarResourceProvider().get();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot extract the redis-server binary from embedded-redis", e);
    }
    if (!binary.canExecute() && !binary.setExecutable(true)) {
      throw new IllegalStateException("cannot make " + binary + " executable");
    }
    List<String> command = new ArrayList<>();
    command.add(binary.getAbsolutePath());
    if (master != null) {
      command.add(sentinelConfig().toString());
      command.add("--sentinel");
    }
    arg(command, "bind", "127.0.0.1");
    arg(command, "dir", directory.toString());
    if (master == null) {
      arg(command, "save", "");
      arg(command, "appendonly", "no");
    }
    arg(command, "protected-mode", "no");
    if (tls != null) {
      arg(command, "port", "0");
      arg(command, "tls-port", Integer.toString(port));
      arg(command, "tls-cert-file", tls.certificatePem().toString());
      arg(command, "tls-key-file", tls.privateKeyPem().toString());
      arg(command, "tls-ca-cert-file", tls.certificatePem().toString());
      arg(command, "tls-auth-clients", "no");
      if (cluster) {
        arg(command, "tls-cluster", "yes");
      }
    } else {
      arg(command, "port", Integer.toString(port));
    }
    if (password != null) {
      arg(command, "requirepass", password);
      if (cluster) {
        arg(command, "masterauth", password);
      }
    }
    if (cluster) {
      arg(command, "cluster-enabled", "yes");
      arg(command, "cluster-config-file", directory.resolve("nodes-" + port + ".conf").toString());
      arg(command, "cluster-node-timeout", "3000");
    }
    command.addAll(extraArgs);
    Path log = directory.resolve("redis-" + ++starts + ".log");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + binary, e);
    }
    awaitReady(process, log, master != null ? "+monitor master" : READY);
    return this;
  }

  /** Sentinel mode needs a writable configuration file; it rewrites it as it learns. */
  private Path sentinelConfig() {
    RedisProcess m = java.util.Objects.requireNonNull(master);
    StringBuilder conf =
        new StringBuilder()
            .append("sentinel monitor ")
            .append(monitoredMaster)
            .append(' ')
            .append(m.host())
            .append(' ')
            .append(m.port())
            .append(" 1\n")
            .append("sentinel down-after-milliseconds ")
            .append(monitoredMaster)
            .append(" 5000\n");
    if (m.password() != null) {
      conf.append("sentinel auth-pass ")
          .append(monitoredMaster)
          .append(' ')
          .append(m.password())
          .append('\n');
    }
    Path file = directory.resolve("sentinel.conf");
    try {
      if (!Files.exists(file)) {
        Files.writeString(file, conf.toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  private static void arg(List<String> command, String name, String value) {
    command.add("--" + name);
    command.add(value);
  }

  private void awaitReady(Process started, Path log, String readyLine) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      String output = read(log);
      if (output.contains(readyLine)) {
        return;
      }
      if (!started.isAlive()) {
        throw new IllegalStateException(
            "redis-server on port "
                + port
                + " exited with "
                + started.exitValue()
                + ":\n"
                + output);
      }
      sleep(20);
    }
    started.destroyForcibly();
    throw new IllegalStateException(
        "redis-server on port "
            + port
            + " did not start within "
            + START_TIMEOUT
            + ":\n"
            + read(log));
  }

  private static String read(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "";
    }
  }

  /** Stops the process (SIGTERM, then SIGKILL after 10 s). Its data is gone. Idempotent. */
  public synchronized void stop() {
    Process p = process;
    process = null;
    if (p == null || !p.isAlive()) {
      return;
    }
    p.destroy();
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
    }
  }

  /** Kills the process at once (SIGKILL), as in a crash. */
  public synchronized void kill() {
    Process p = process;
    process = null;
    if (p != null) {
      p.destroyForcibly();
      try {
        p.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Stops and starts the server on the same port. */
  public synchronized void restart() {
    stop();
    start();
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** The server's output of its latest start, for diagnostics. */
  public String log() {
    return read(directory.resolve("redis-" + starts + ".log"));
  }

  private void stopQuietly() {
    try {
      stop();
    } catch (RuntimeException ignored) {
      // Shutting down anyway.
    }
  }

  /** Stops the process and deletes its directory. */
  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException ignored) {
      // The JVM is shutting down; the hook runs or has run.
    }
    deleteRecursively(directory);
  }

  private static void deleteRecursively(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // A temporary directory left behind is harmless.
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for redis-server", e);
    }
  }

  @Override
  public String toString() {
    return "RedisProcess{port="
        + port
        + (master != null ? ", sentinel" : "")
        + (tls != null ? ", tls" : "")
        + (cluster ? ", cluster" : "")
        + (password != null ? ", password=****" : "")
        + ", running="
        + isRunning()
        + "}";
  }

  /** Configures a {@link RedisProcess}. Not thread-safe. */
  public static final class Builder {
    private int port;
    private @Nullable String password;
    private @Nullable SelfSignedTls tls;
    private boolean cluster;
    private final List<String> extraArgs = new ArrayList<>();
    private @Nullable String monitoredMaster;
    private @Nullable RedisProcess master;

    private Builder() {}

    /**
     * Runs a Redis Sentinel (quorum 1) that monitors {@code master} under {@code masterName},
     * instead of a data server. Password and TLS options do not apply to the sentinel itself.
     */
    public Builder sentinelFor(String masterName, RedisProcess master) {
      this.monitoredMaster = Objects.requireNonNull(masterName, "masterName");
      this.master = Objects.requireNonNull(master, "master");
      return this;
    }

    /** A fixed port; default a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Requires this password ({@code requirepass}) of every client. */
    public Builder password(String password) {
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    /** Serves TLS only, with this certificate. */
    public Builder tls(SelfSignedTls tls) {
      this.tls = Objects.requireNonNull(tls, "tls");
      return this;
    }

    /** Runs as a Redis Cluster node (its slots are assigned by {@link RedisTestCluster}). */
    public Builder clusterEnabled() {
      this.cluster = true;
      return this;
    }

    /** Any other directive, as in {@code setting("maxmemory-policy", "allkeys-lru")}. */
    public Builder setting(String name, String... values) {
      extraArgs.add("--" + name);
      extraArgs.addAll(List.of(values));
      return this;
    }

    /** Creates the process without starting it. */
    public RedisProcess build() {
      return new RedisProcess(this);
    }

    /** Creates and starts the process. */
    public RedisProcess start() {
      RedisProcess p = build();
      try {
        return p.start();
      } catch (RuntimeException e) {
        p.close();
        throw e;
      }
    }
  }
}
