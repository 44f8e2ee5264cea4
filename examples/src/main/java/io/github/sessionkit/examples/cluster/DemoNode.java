package io.github.sessionkit.examples.cluster;

import io.github.sessionkit.SessionManager;
import io.github.sessionkit.StoreUnavailableException;
import io.github.sessionkit.servlet.SessionFilter;
import io.github.sessionkit.spi.SessionStore;
import io.github.sessionkit.spi.Settings;
import io.github.sessionkit.store.jdbc.JdbcSessionStore;
import io.github.sessionkit.store.memory.MemorySessionStore;
import io.github.sessionkit.store.redis.RedisSessionStore;
import io.github.sessionkit.tiered.BreakerSettings;
import io.github.sessionkit.tiered.DeferredStore;
import io.github.sessionkit.tiered.TieredSessionStore;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.net.BindException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.eclipse.jetty.ee10.servlet.ErrorHandler;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One app node, as one pod of a real deployment would be: its own embedded Jetty on its own port,
 * its own {@link SessionManager} over its own {@link TieredSessionStore} (local memory tier, then
 * Redis, then PostgreSQL, each remote tier behind a circuit breaker), and its own counters for the
 * admin page. Only the servers are shared with the other node.
 *
 * <p>Lifecycle: {@link #bind} takes the port (so a busy port is reported before anything slow
 * starts), {@link #start} builds the stores and serves, {@link #close} stops both. Thread-safe once
 * started.
 */
final class DemoNode implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DemoNode.class);

  /** The chart series of whole session lookups ({@code SessionManager.find} through every tier). */
  static final String LOOKUP_SERIES = "lookup";

  static final Duration IDLE_TIMEOUT = Duration.ofMinutes(30);

  /** How long a local copy may be served: the staleness bound if a change notice is lost. */
  static final Duration LOCAL_TTL = Duration.ofMinutes(5);

  /** Redis socket timeout: what one call to a dead Redis costs at most before the breaker opens. */
  static final Duration REDIS_TIMEOUT = Duration.ofMillis(200);

  /**
   * Over the last 10 Redis calls (once there are 4), opens when half of them failed or 80 % were
   * slower than the Redis timeout; tries again after 2 s. Short, so a visitor sees both transitions
   * quickly.
   */
  static final BreakerSettings BREAKER =
      BreakerSettings.defaults()
          .withWindow(10, 4)
          .withOpenDuration(Duration.ofSeconds(2))
          .withSlowCallThreshold(REDIS_TIMEOUT);

  private final int number;
  private final Server server;
  private final ServerConnector connector;
  private final LatencyRecorder latencies = new LatencyRecorder();
  private final TierEvents tierEvents = new TierEvents(latencies);
  private final LongAdder requests = new LongAdder();
  private final LongAdder failedRequests = new LongAdder();
  private final LongAdder trafficCalls = new LongAdder();
  private final LongAdder failedTrafficCalls = new LongAdder();
  private volatile @Nullable SessionManager manager;
  private volatile @Nullable TieredSessionStore store;
  private volatile @Nullable DemoBackends backends;
  private volatile int peerPort;
  private volatile int trafficPerSecond;

  private DemoNode(int number, Server server, ServerConnector connector) {
    this.number = number;
    this.server = server;
    this.connector = connector;
  }

  /**
   * Creates node {@code number} and binds its port on {@code host}; port 0 takes a free one.
   *
   * @throws PortInUseException if the port is taken
   */
  static DemoNode bind(int number, String host, int port) {
    QueuedThreadPool threads = new QueuedThreadPool(32, 2);
    threads.setName("node" + number + "-http");
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    try {
      connector.open();
    } catch (IOException e) {
      if (e instanceof BindException || e.getCause() instanceof BindException) {
        throw new PortInUseException(number, port, e);
      }
      throw new IllegalStateException(
          "node " + number + " cannot listen on " + host + ":" + port + ": " + e, e);
    }
    return new DemoNode(number, server, connector);
  }

  /**
   * Builds this node's stores and manager on the shared servers and starts serving.
   *
   * @param peerPort the other node's port, for the links to it
   * @param trafficPerSecond the synthetic traffic this node gets, for the admin page
   */
  void start(DemoBackends servers, int peerPort, int trafficPerSecond) throws Exception {
    this.backends = servers;
    this.peerPort = peerPort;
    this.trafficPerSecond = trafficPerSecond;
    TieredSessionStore tiered = tieredStore(servers);
    this.store = tiered;
    SessionManager sessions;
    try {
      sessions = SessionManager.builder().store(tiered).idleTimeout(IDLE_TIMEOUT).build();
    } catch (RuntimeException e) {
      tiered.close();
      throw e;
    }
    this.manager = sessions;

    ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
    context.setContextPath("/");
    ErrorHandler errors = new ErrorHandler();
    errors.setShowStacks(false);
    errors.setShowServlet(false);
    context.setErrorHandler(errors);
    SessionFilter sessionFilter =
        SessionFilter.builder(sessions).idResolver(new CookieOrBearerIdResolver()).build();
    context.addFilter(new FilterHolder(sessionFilter), "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addFilter(
        new FilterHolder(new NodeRequestFilter(this)), "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder("static", new StaticResourceServlet()), "/static/*");
    context.addServlet(new ServletHolder("admin", new AdminServlet(this)), "/admin/*");
    context.addServlet(new ServletHolder("api", new ApiServlet(this)), "/api/*");
    context.addServlet(new ServletHolder("app", new AppServlet(this)), "/");
    server.setHandler(context);
    server.start();
  }

  private TieredSessionStore tieredStore(DemoBackends servers) {
    MemorySessionStore local = MemorySessionStore.builder().maximumTtl(LOCAL_TTL).build();
    SessionStore redis = redisStore(servers.redisUrl());
    try {
      JdbcSessionStore postgres =
          JdbcSessionStore.builder()
              .url(servers.databaseUrl())
              .settings(
                  Settings.of(
                      Map.of(
                          "SESSION_JDBC_POOL_MAX_SIZE", "8",
                          "SESSION_JDBC_CONNECT_TIMEOUT", "2s")))
              .build();
      return TieredSessionStore.builder()
          .localTier(local)
          .remoteTier(redis)
          .remoteTier(postgres)
          .breaker(BREAKER)
          .localTtl(LOCAL_TTL)
          .repairBypass(IDLE_TIMEOUT)
          .repairInterval(Duration.ofMillis(500))
          .listener(tierEvents)
          .build();
    } catch (RuntimeException e) {
      redis.close();
      local.close();
      throw e;
    }
  }

  /**
   * Redis with short timeouts, so a dead Redis costs little before the breaker skips it. An
   * external Redis that is down at start-up joins later instead of stopping the demo.
   */
  private SessionStore redisStore(String url) {
    Supplier<SessionStore> open =
        () ->
            RedisSessionStore.builder()
                .url(url)
                .connectTimeout(REDIS_TIMEOUT)
                .socketTimeout(REDIS_TIMEOUT)
                .commandTimeout(REDIS_TIMEOUT.multipliedBy(2))
                .retries(0)
                .poolMaxSize(8)
                .soleStore(false)
                .principalIndex(false)
                .subscriptionPingInterval(Duration.ofSeconds(1))
                .build();
    try {
      return open.get();
    } catch (StoreUnavailableException e) {
      log.warn(
          "node {}: Redis is unreachable ({}); starting without it, it joins when it answers",
          number,
          e.getMessage());
      return new DeferredStore(
          "redis", open, Duration.ofSeconds(2), String.valueOf(e.getMessage()));
    }
  }

  int number() {
    return number;
  }

  /** {@code node 1} or {@code node 2}. */
  String name() {
    return "node " + number;
  }

  /** The port this node listens on (the real one when 0 was asked for). */
  int port() {
    return connector.getLocalPort();
  }

  int peerPort() {
    return peerPort;
  }

  int trafficPerSecond() {
    return trafficPerSecond;
  }

  int peerNumber() {
    return number == 1 ? 2 : 1;
  }

  SessionManager manager() {
    return Objects.requireNonNull(manager, "node not started");
  }

  TieredSessionStore store() {
    return Objects.requireNonNull(store, "node not started");
  }

  DemoBackends backends() {
    return Objects.requireNonNull(backends, "node not started");
  }

  LatencyRecorder latencies() {
    return latencies;
  }

  TierEvents tierEvents() {
    return tierEvents;
  }

  void countRequest(boolean failed) {
    requests.increment();
    if (failed) {
      failedRequests.increment();
    }
  }

  long requests() {
    return requests.sum();
  }

  long failedRequests() {
    return failedRequests.sum();
  }

  void countTrafficCall(boolean failed) {
    trafficCalls.increment();
    if (failed) {
      failedTrafficCalls.increment();
    }
  }

  long trafficCalls() {
    return trafficCalls.sum();
  }

  long failedTrafficCalls() {
    return failedTrafficCalls.sum();
  }

  /** Stops serving, then closes the manager and its stores. Idempotent. */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      log.warn("stopping the web server of node {} failed", number, e);
    }
    connector.close();
    SessionManager sessions = manager;
    if (sessions != null) {
      manager = null;
      sessions.close();
    }
  }

  /** The port a node was to listen on is taken. */
  static final class PortInUseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PortInUseException(int node, int port, Throwable cause) {
      super(
          "port "
              + port
              + " (node "
              + node
              + ") is already in use: stop what uses it, or pick another port with"
              + " --port"
              + node
              + " <port> or DEMO_PORT"
              + node
              + "=<port> (0 takes any free port)",
          cause);
    }
  }
}
