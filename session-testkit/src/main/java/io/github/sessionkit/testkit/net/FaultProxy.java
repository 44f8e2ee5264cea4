package io.github.sessionkit.testkit.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy on a loopback port that forwards to one target and injects network faults on demand,
 * for tests that put a real store client (Jedis, PgJDBC) in front of a real server.
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.start("127.0.0.1", redisPort)) {
 *   Jedis jedis = new Jedis(proxy.host(), proxy.port());
 *   proxy.blackHole();   // jedis calls now hang until their socket timeout
 *   proxy.pass();        // healed: new connections work at once
 * }
 * }</pre>
 *
 * <p>The proxy is in exactly one {@link Mode} at a time, {@link Mode#PASS} after {@link #start}. A
 * mode change takes effect at once for existing and new connections:
 *
 * <ul>
 *   <li>{@link #pass()} forwards bytes both ways.
 *   <li>{@link #delay(Duration)} forwards every chunk the proxy reads, in either direction, no
 *       sooner than the delay after it was read. A direction forwards one chunk (at most 16 KiB) at
 *       a time, so a delay also caps throughput; that suits request/response protocols.
 *   <li>{@link #blackHole()} accepts connections and keeps them open but forwards nothing, not even
 *       a close, like a dead host behind a firewall. Bytes sent meanwhile are <em>held</em>, not
 *       dropped: the proxy stops reading after one chunk per direction, TCP flow control eventually
 *       blocks the sender, and when the mode changes to pass or delay the held bytes are delivered
 *       in order, as TCP retransmission would after a healed partition. A client that gave up on a
 *       connection during the black hole must discard it, exactly as after a real partition; new
 *       connections work as soon as the fault is healed.
 *   <li>{@link #reset()} resets every existing connection with a TCP RST (SO_LINGER 0) on both
 *       sides, and resets each new connection as soon as it is accepted.
 *   <li>{@link #refuse()} stops listening, so connects are refused, and resets existing
 *       connections, like a crashed server. Any other mode listens again on the same port.
 * </ul>
 *
 * <p>A connection to the proxy opens one connection to the target (5 s connect timeout); if that
 * fails, the client's connection is reset. Closes are forwarded as half-closes, resets as resets.
 * {@link #closeAllConnections()} closes the current connections normally and keeps the mode. {@link
 * #close()} stops listening, closes all connections and waits for every thread of the proxy to end.
 * The threads are daemon threads named {@code sessionkit-fault-proxy-<port>-...}, two per open
 * connection plus one that accepts.
 *
 * <p>Thread-safe: modes may be changed from any thread while traffic flows. Arguments must not be
 * null. Every method except the getters, {@code toString} and {@code close} throws {@link
 * IllegalStateException} once the proxy is closed.
 */
public final class FaultProxy implements AutoCloseable {

  /** What the proxy currently does with traffic; see {@link FaultProxy} for each mode. */
  public enum Mode {
    /** Forward bytes both ways. */
    PASS,
    /** Forward each chunk after a delay, in both directions. */
    DELAY,
    /** Keep connections open and forward nothing; held bytes flow once the mode changes. */
    BLACK_HOLE,
    /** Reset existing and new connections with a TCP RST. */
    RESET,
    /** Do not listen: connects are refused; existing connections were reset. */
    REFUSE
  }

  /**
   * The longest delay accepted by {@link #delay(Duration)}; anything longer is surely a mistake.
   */
  public static final Duration MAX_DELAY = Duration.ofHours(1);

  static final int CONNECT_TIMEOUT_MILLIS = 5_000;
  private static final long CLOSE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);
  private static final Logger LOG = LoggerFactory.getLogger(FaultProxy.class);

  private final String targetHost;
  private final int targetPort;
  private final InetAddress listenAddress;
  private final int port;
  private final String threadPrefix;

  /**
   * Guards mode, delay, listener, connections and closed; waiters in {@link #awaitForwardable} use
   * its monitor.
   */
  private final Object lock = new Object();

  private final Object modeChange = new Object();
  private Mode mode = Mode.PASS;
  private long delayNanos;
  private @Nullable ServerSocket listener;
  private @Nullable Thread acceptor;
  private final Set<ProxyConnection> connections = new LinkedHashSet<>();
  private boolean closed;

  private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
  private final AtomicLong connectionsAccepted = new AtomicLong();
  private final AtomicLong bytesToTarget = new AtomicLong();
  private final AtomicLong bytesFromTarget = new AtomicLong();
  private final AtomicLong connectionIds = new AtomicLong();

  private FaultProxy(String targetHost, int targetPort, ServerSocket listener) {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.listenAddress = listener.getInetAddress();
    this.port = listener.getLocalPort();
    this.threadPrefix = "sessionkit-fault-proxy-" + port;
    this.listener = listener;
  }

  /**
   * Starts a proxy in {@link Mode#PASS} on an ephemeral loopback port, forwarding to the target.
   * The target is not contacted until a client connects.
   *
   * @param targetHost host name or address of the real server, usually {@code 127.0.0.1}
   * @param targetPort port of the real server, 1 to 65535
   * @return the running proxy; close it to release its port and threads
   * @throws IllegalArgumentException if the host is blank or the port out of range
   * @throws UncheckedIOException if no loopback port can be bound
   */
  public static FaultProxy start(String targetHost, int targetPort) {
    Objects.requireNonNull(targetHost, "targetHost");
    if (targetHost.isBlank()) {
      throw new IllegalArgumentException(
          "targetHost must name the server to forward to, got a blank string");
    }
    if (targetPort < 1 || targetPort > 65_535) {
      throw new IllegalArgumentException(
          "targetPort must be between 1 and 65535, got: " + targetPort);
    }
    ServerSocket listener = bind(InetAddress.getLoopbackAddress(), 0);
    FaultProxy proxy = new FaultProxy(targetHost, targetPort, listener);
    synchronized (proxy.lock) {
      proxy.acceptor = proxy.startAcceptor(listener);
    }
    return proxy;
  }

  /** The address clients connect to: the loopback address, e.g. {@code 127.0.0.1}. */
  public String host() {
    return listenAddress.getHostAddress();
  }

  /** The port clients connect to; it stays the same for the proxy's whole life. */
  public int port() {
    return port;
  }

  /** The current mode. */
  public Mode mode() {
    synchronized (lock) {
      return mode;
    }
  }

  /** Forwards bytes both ways, releasing anything held by a black hole or delay. */
  public void pass() {
    changeMode(Mode.PASS, 0);
  }

  /**
   * Forwards each chunk no sooner than {@code delay} after the proxy read it, in both directions,
   * so a request/response round trip takes at least twice the delay. Chunks already waiting are
   * measured against the new delay.
   *
   * @param delay from zero to {@link #MAX_DELAY}
   * @throws IllegalArgumentException if the delay is negative or longer than {@link #MAX_DELAY}
   */
  public void delay(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative() || delay.compareTo(MAX_DELAY) > 0) {
      throw new IllegalArgumentException(
          "delay must be between 0 and " + MAX_DELAY + ", got: " + delay);
    }
    changeMode(Mode.DELAY, delay.toNanos());
  }

  /**
   * Keeps connections open and forwards nothing in either direction; see the class Javadoc for held
   * bytes.
   */
  public void blackHole() {
    changeMode(Mode.BLACK_HOLE, 0);
  }

  /** Resets every existing connection (before this method returns) and every new one at once. */
  public void reset() {
    changeMode(Mode.RESET, 0);
  }

  /**
   * Stops listening, so that connects are refused once this method returns, and resets every
   * existing connection, like a server that crashed. Changing to any other mode listens again on
   * the same port; that change throws {@link UncheckedIOException} in the unlikely case that
   * another process took the port meanwhile.
   */
  public void refuse() {
    changeMode(Mode.REFUSE, 0);
  }

  /**
   * Closes every current connection normally (the client reads end of stream) and keeps the mode,
   * like a server or load balancer dropping idle connections.
   */
  public void closeAllConnections() {
    List<ProxyConnection> current;
    synchronized (lock) {
      ensureOpen();
      current = new ArrayList<>(connections);
    }
    for (ProxyConnection connection : current) {
      connection.close(false);
    }
  }

  /**
   * How many client connections the proxy has accepted since it started, including those it reset
   * at once.
   */
  public long connectionsAccepted() {
    return connectionsAccepted.get();
  }

  /** How many client connections are currently open through the proxy. */
  public int activeConnections() {
    synchronized (lock) {
      return connections.size();
    }
  }

  /** Bytes forwarded from clients to the target since the proxy started. */
  public long bytesToTarget() {
    return bytesToTarget.get();
  }

  /** Bytes forwarded from the target to clients since the proxy started. */
  public long bytesFromTarget() {
    return bytesFromTarget.get();
  }

  /**
   * Stops listening, closes every connection and waits up to 5 seconds for all threads of the proxy
   * to end (a thread still alive then is logged). Idempotent.
   */
  @Override
  public void close() {
    List<ProxyConnection> current;
    ServerSocket oldListener;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      oldListener = listener;
      listener = null;
      current = new ArrayList<>(connections);
      lock.notifyAll();
    }
    closeQuietly(oldListener);
    for (ProxyConnection connection : current) {
      connection.close(false);
    }
    awaitThreads();
  }

  @Override
  public String toString() {
    String state;
    synchronized (lock) {
      state =
          closed ? "closed" : describe(mode, delayNanos) + ", connections=" + connections.size();
    }
    return "FaultProxy["
        + host()
        + ":"
        + port
        + " -> "
        + targetHost
        + ":"
        + targetPort
        + ", "
        + state
        + "]";
  }

  private static String describe(Mode mode, long delayNanos) {
    return mode == Mode.DELAY ? "mode=DELAY " + Duration.ofNanos(delayNanos) : "mode=" + mode;
  }

  private void changeMode(Mode newMode, long newDelayNanos) {
    // Serializes whole mode changes, so that a rebind never races the stopping of the previous
    // listener; the acceptor never takes this monitor, so waiting for it here cannot deadlock.
    synchronized (modeChange) {
      changeModeSerially(newMode, newDelayNanos);
    }
  }

  private void changeModeSerially(Mode newMode, long newDelayNanos) {
    List<ProxyConnection> toReset = List.of();
    @Nullable Thread stoppedAcceptor = null;
    synchronized (lock) {
      ensureOpen();
      if (newMode == Mode.REFUSE) {
        closeQuietly(listener);
        listener = null;
        stoppedAcceptor = acceptor;
        acceptor = null;
      } else if (listener == null) {
        ServerSocket rebound = bind(listenAddress, port);
        listener = rebound;
        acceptor = startAcceptor(rebound);
      }
      mode = newMode;
      delayNanos = newDelayNanos;
      if (newMode == Mode.RESET || newMode == Mode.REFUSE) {
        toReset = new ArrayList<>(connections);
      }
      lock.notifyAll();
    }
    if (stoppedAcceptor != null) {
      // The kernel keeps listening, and completing handshakes, until the thread blocked in
      // accept() has left it; only then is the port really closed and connects refused.
      awaitEnd(stoppedAcceptor);
    }
    for (ProxyConnection connection : toReset) {
      connection.close(true);
    }
  }

  private void awaitEnd(Thread thread) {
    try {
      TimeUnit.NANOSECONDS.timedJoin(thread, CLOSE_WAIT_NANOS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      LOG.warn("{}: {} did not stop within 5 s", this, thread.getName());
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("fault proxy on port " + port + " is closed");
    }
  }

  private static ServerSocket bind(InetAddress address, int port) {
    try {
      ServerSocket socket = new ServerSocket();
      try {
        // Lets refuse() -> pass() re-bind while connections of the previous listener linger in
        // TIME_WAIT.
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(address, port), 50);
        return socket;
      } catch (IOException e) {
        closeQuietly(socket);
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "fault proxy cannot listen on "
              + address.getHostAddress()
              + ":"
              + port
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private Thread startAcceptor(ServerSocket serverSocket) {
    return startThread(threadPrefix + "-accept", () -> acceptLoop(serverSocket));
  }

  private void acceptLoop(ServerSocket serverSocket) {
    while (!serverSocket.isClosed()) {
      Socket client;
      try {
        client = serverSocket.accept();
      } catch (IOException e) {
        if (!serverSocket.isClosed()) {
          LOG.warn("{}: accept failed, retrying: {}", this, e.toString());
          pauseAfterAcceptFailure();
        }
        continue;
      }
      connectionsAccepted.incrementAndGet();
      ProxyConnection connection =
          new ProxyConnection(this, connectionIds.incrementAndGet(), client);
      if (register(connection)) {
        startThread(connection.name() + "-to-target", connection::run);
      } else {
        ProxyConnection.closeSocket(client, true);
      }
    }
  }

  private static void pauseAfterAcceptFailure() {
    // Keeps a persistent failure such as "too many open files" from spinning a core.
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Adds the connection unless the mode says to reset it, atomically with mode changes. */
  private boolean register(ProxyConnection connection) {
    synchronized (lock) {
      if (closed || mode == Mode.RESET || mode == Mode.REFUSE) {
        return false;
      }
      connections.add(connection);
      return true;
    }
  }

  void unregister(ProxyConnection connection) {
    synchronized (lock) {
      connections.remove(connection);
      // Wakes a pump of this connection that waits in awaitForwardable.
      lock.notifyAll();
    }
  }

  /**
   * Blocks a pump until the current mode lets it forward a chunk (or end of stream) read at {@code
   * readAtNanos}. Returns false when the connection or the proxy was closed meanwhile, or the mode
   * resets connections: the caller then forwards nothing.
   */
  boolean awaitForwardable(ProxyConnection connection, long readAtNanos) {
    synchronized (lock) {
      try {
        while (true) {
          if (closed || connection.isClosed()) {
            return false;
          }
          switch (mode) {
            case PASS:
              return true;
            case DELAY:
              long remaining = readAtNanos + delayNanos - System.nanoTime();
              if (remaining <= 0) {
                return true;
              }
              TimeUnit.NANOSECONDS.timedWait(lock, remaining);
              break;
            case BLACK_HOLE:
              lock.wait();
              break;
            default:
              return false;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  boolean resetsConnections() {
    synchronized (lock) {
      return !closed && (mode == Mode.RESET || mode == Mode.REFUSE);
    }
  }

  Thread startThread(String name, Runnable body) {
    Thread thread =
        new Thread(
            () -> {
              try {
                body.run();
              } catch (RuntimeException | Error e) {
                LOG.warn("{}: thread {} failed", this, Thread.currentThread().getName(), e);
              } finally {
                threads.remove(Thread.currentThread());
              }
            },
            name);
    thread.setDaemon(true);
    threads.add(thread);
    thread.start();
    return thread;
  }

  private void awaitThreads() {
    long deadline = System.nanoTime() + CLOSE_WAIT_NANOS;
    while (!threads.isEmpty()) {
      for (Thread thread : List.copyOf(threads)) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          LOG.warn("{}: threads still running after close: {}", this, threads);
          return;
        }
        try {
          TimeUnit.NANOSECONDS.timedJoin(thread, remaining);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  String targetHost() {
    return targetHost;
  }

  int targetPort() {
    return targetPort;
  }

  String threadPrefix() {
    return threadPrefix;
  }

  void countToTarget(int bytes) {
    bytesToTarget.addAndGet(bytes);
  }

  void countFromTarget(int bytes) {
    bytesFromTarget.addAndGet(bytes);
  }

  private static void closeQuietly(@Nullable ServerSocket socket) {
    if (socket == null) {
      return;
    }
    try {
      socket.close();
    } catch (IOException e) {
      LOG.debug("closing listener failed", e);
    }
  }
}
