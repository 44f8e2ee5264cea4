package io.github.sessionkit.examples.cluster;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The whole library at work in one command: two web nodes sharing sessions through a tiered store,
 * and an admin page that stops and starts Redis so you can watch the fallback.
 *
 * <pre>{@code
 * ./mvnw -B -q install -DskipTests && ./mvnw -B -q -pl examples exec:java \
 *     -Dexec.mainClass=io.github.sessionkit.examples.cluster.ClusterDemo
 * }</pre>
 *
 * <p>It starts PostgreSQL and Redis from the embedded binaries of the testkit (or uses the servers
 * named by {@code DATABASE_URL} and {@code REDIS_URL}), then two embedded Jetty nodes on {@code
 * http://localhost:8081/} and {@code http://localhost:8082/}. Each node has its own {@code
 * SessionManager} over its own {@code TieredSessionStore} (local memory, then Redis, then
 * PostgreSQL, a circuit breaker per remote tier) behind the {@code SessionFilter}: sign in on one
 * node, open the other, and the session is there. {@code /admin} on either node shows live counts,
 * tier health, breaker states, the local hit ratio and a latency chart, with buttons that stop and
 * start the embedded Redis.
 *
 * <p>Flags (each also an environment variable): {@code --port1} / {@code DEMO_PORT1} (default 8081)
 * and {@code --port2} / {@code DEMO_PORT2} (default 8082), 0 for any free port; {@code --traffic} /
 * {@code DEMO_TRAFFIC}, synthetic reads per second on each node (default 4, 0 for none); {@code
 * --exit-after <duration>} stops the demo by itself ({@code 30s}, {@code 5m}, {@code PT1M}).
 * Without it, it runs until Ctrl-C, which stops the web servers, closes the managers and stops the
 * embedded servers. The nodes listen on the loopback interface only: the admin page can stop Redis.
 */
public final class ClusterDemo implements AutoCloseable {

  /** The interface the nodes listen on: loopback only, since the admin page can stop Redis. */
  static final String BIND_HOST = "127.0.0.1";

  /** The host name the printed URLs use; both nodes share its cookies, whatever the port. */
  static final String DISPLAY_HOST = "localhost";

  private final DemoBackends backends;
  private final DemoNode node1;
  private final DemoNode node2;
  private final @Nullable BackgroundTraffic traffic;
  private final CountDownLatch closedLatch = new CountDownLatch(1);
  private final AtomicBoolean closed = new AtomicBoolean();

  private ClusterDemo(
      DemoBackends backends, DemoNode node1, DemoNode node2, @Nullable BackgroundTraffic traffic) {
    this.backends = backends;
    this.node1 = node1;
    this.node2 = node2;
    this.traffic = traffic;
  }

  /**
   * Starts the demo and runs it until Ctrl-C (or {@code --exit-after}). Exits with status 2 and a
   * message naming the flag for bad arguments or a busy port, 1 if something else keeps it from
   * starting.
   */
  public static void main(String[] args) {
    int status = run(args, System.getenv(), System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /** What {@link #main} does, returning the exit status instead of exiting. */
  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
      out.println(DemoOptions.USAGE);
      return 0;
    }
    DemoOptions options;
    try {
      options = DemoOptions.parse(args, env);
    } catch (IllegalArgumentException e) {
      err.println("ClusterDemo: " + e.getMessage());
      err.println(DemoOptions.USAGE);
      return 2;
    }
    quietLibraryLogs();
    ClusterDemo demo;
    try {
      demo = start(options, out);
    } catch (DemoNode.PortInUseException e) {
      err.println("ClusterDemo: " + e.getMessage());
      return 2;
    } catch (RuntimeException e) {
      err.println("ClusterDemo: could not start: " + e);
      e.printStackTrace(err);
      return 1;
    }
    Thread hook =
        new Thread(
            () -> {
              out.println("Stopping the cluster demo...");
              demo.close();
              out.println("Stopped.");
            },
            "cluster-demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    demo.printBanner(out, options);
    Duration exitAfter = options.exitAfter();
    boolean closedByHook = demo.awaitClose(exitAfter);
    if (closedByHook) {
      return 0;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down: the hook stops the demo.
      return 0;
    }
    // awaitClose returns without the hook only once a given exitAfter has elapsed
    out.println(
        "--exit-after "
            + DemoOptions.format(Objects.requireNonNull(exitAfter))
            + " elapsed: stopping the cluster demo.");
    demo.close();
    out.println("Stopped.");
    return 0;
  }

  /**
   * Binds both ports first (a busy port fails before anything slow starts), starts or connects to
   * the servers, then starts both nodes and the synthetic traffic. On failure stops whatever it
   * started.
   *
   * @throws DemoNode.PortInUseException if a port is taken
   */
  static ClusterDemo start(DemoOptions options, PrintStream out) {
    DemoNode node1 = DemoNode.bind(1, BIND_HOST, options.port1());
    DemoNode node2;
    try {
      node2 = DemoNode.bind(2, BIND_HOST, options.port2());
    } catch (RuntimeException e) {
      node1.close();
      throw e;
    }
    DemoBackends backends = null;
    try {
      backends = DemoBackends.start(options, out);
      node1.start(backends, node2.port(), options.trafficPerSecond());
      node2.start(backends, node1.port(), options.trafficPerSecond());
      BackgroundTraffic traffic =
          BackgroundTraffic.start(List.of(node1, node2), options.trafficPerSecond());
      return new ClusterDemo(backends, node1, node2, traffic);
    } catch (Exception e) {
      node2.close();
      node1.close();
      if (backends != null) {
        backends.close();
      }
      throw e instanceof RuntimeException r
          ? r
          : new IllegalStateException("starting the nodes failed: " + e, e);
    }
  }

  private void printBanner(PrintStream out, DemoOptions options) {
    String redis =
        backends.redisControllable()
            ? "embedded, "
                + DemoBackends.masked(backends.redisUrl())
                + "  (stop and start it on the admin page)"
            : "external (REDIS_URL), " + DemoBackends.masked(backends.redisUrl());
    String postgres =
        (backends.embeddedPostgres() ? "embedded, " : "external (DATABASE_URL), ")
            + DemoBackends.masked(backends.databaseUrl());
    String traffic =
        options.trafficPerSecond() == 0
            ? "none (--traffic 0)"
            : options.trafficPerSecond()
                + " synthetic session reads per second on each node (--traffic 0 turns it off)";
    Duration exitAfter = options.exitAfter();
    out.println();
    out.println(
        "sessionkit cluster demo: two nodes, one session store (local memory -> Redis ->"
            + " PostgreSQL)");
    out.println();
    out.println("  node 1      " + nodeUrl(1));
    out.println("  node 2      " + nodeUrl(2));
    out.println("  admin page  " + adminUrl(1) + "   (node 2's: " + adminUrl(2) + ")");
    out.println();
    out.println("  PostgreSQL  " + postgres);
    out.println("  Redis       " + redis);
    out.println("  traffic     " + traffic);
    out.println();
    out.println(
        "Sign in on node 1, open node 2, then stop Redis on the admin page and watch the"
            + " fallback.");
    out.println("Load-test both nodes over HTTP from a second terminal:");
    out.println(
        "  ./mvnw -B -q -pl session-bench exec:java -Dexec.args=\"--target "
            + loopbackUrl(1)
            + ","
            + loopbackUrl(2)
            + " --profile load\"");
    out.println(
        exitAfter == null
            ? "Press Ctrl-C to stop."
            : "Stops by itself after " + DemoOptions.format(exitAfter) + " (or press Ctrl-C).");
    out.flush();
  }

  /**
   * Starts the demo with these flags and environment variables, as {@link #main} does, and returns
   * it running, for programs and tests that drive it over HTTP (the load tool's smoke test): {@link
   * #close()} stops everything it started.
   *
   * @param args the flags {@link #main} takes ({@code --port1 0 --port2 0 --traffic 0})
   * @param env where {@code DEMO_*}, {@code DATABASE_URL} and {@code REDIS_URL} are read from
   * @param out where the start-up lines go
   * @throws IllegalArgumentException for a bad flag or variable, naming it
   * @throws RuntimeException if a port is taken or a server does not start
   */
  public static ClusterDemo start(List<String> args, Map<String, String> env, PrintStream out) {
    return start(DemoOptions.parse(args.toArray(String[]::new), env), out);
  }

  /**
   * {@code http://127.0.0.1:<port>/} of node 1 or 2: the address the node listens on, which needs
   * no name resolution.
   *
   * @throws IllegalArgumentException for a node other than 1 or 2
   */
  public URI loopbackUrl(int node) {
    return URI.create("http://" + BIND_HOST + ":" + node(node).port() + "/");
  }

  /** {@code http://localhost:<port>/} of node 1 or 2. */
  URI nodeUrl(int node) {
    return URI.create("http://" + DISPLAY_HOST + ":" + node(node).port() + "/");
  }

  /** The admin page of node 1 or 2. */
  URI adminUrl(int node) {
    return nodeUrl(node).resolve("/admin");
  }

  DemoNode node(int node) {
    return switch (node) {
      case 1 -> node1;
      case 2 -> node2;
      default -> throw new IllegalArgumentException("no node " + node);
    };
  }

  DemoBackends backends() {
    return backends;
  }

  /** Waits until {@link #close()} or the timeout (null: forever); whether it was closed. */
  boolean awaitClose(@Nullable Duration timeout) {
    try {
      if (timeout == null) {
        closedLatch.await();
        return true;
      }
      return closedLatch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Stops the synthetic traffic and both web servers, closes both managers, then stops the embedded
   * servers. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      if (traffic != null) {
        traffic.close();
      }
      node1.close();
      node2.close();
      backends.close();
    } finally {
      closedLatch.countDown();
    }
  }

  /**
   * The demo's console should show its own lines and sessionkit's (breaker transitions), not every
   * line of the embedded servers and pools. Settings given with -D win.
   */
  private static void quietLibraryLogs() {
    setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
    setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
    setIfAbsent("org.slf4j.simpleLogger.showThreadName", "false");
    setIfAbsent("org.slf4j.simpleLogger.showShortLogName", "true");
    for (String noisy :
        List.of(
            "io.zonky",
            "org.eclipse.jetty",
            "com.zaxxer.hikari",
            "redis.clients",
            "io.github.resilience4j")) {
      setIfAbsent("org.slf4j.simpleLogger.log." + noisy, "warn");
    }
  }

  private static void setIfAbsent(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }
}
