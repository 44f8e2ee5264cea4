package io.github.sessionkit.testkit.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection through a {@link FaultProxy} and its connection to the target: two pumps,
 * one per direction, each on its own thread, that ask the proxy before forwarding anything they
 * read.
 */
final class ProxyConnection {

  static final int BUFFER_SIZE = 16 * 1024;
  private static final Logger LOG = LoggerFactory.getLogger(ProxyConnection.class);

  private final FaultProxy proxy;
  private final long id;
  private final Socket client;

  /** Guarded by {@code this}; set before connecting so that a close can abort a pending connect. */
  private @Nullable Socket target;

  private volatile boolean closed;
  private final AtomicInteger openDirections = new AtomicInteger(2);

  ProxyConnection(FaultProxy proxy, long id, Socket client) {
    this.proxy = proxy;
    this.id = id;
    this.client = client;
  }

  String name() {
    return proxy.threadPrefix() + "-conn-" + id;
  }

  boolean isClosed() {
    return closed;
  }

  /**
   * Connects to the target, then pumps client to target on this thread and the reverse on a new
   * one.
   */
  void run() {
    Socket upstream = new Socket();
    synchronized (this) {
      if (closed) {
        return;
      }
      target = upstream;
    }
    try {
      // Without TCP_NODELAY, Nagle plus delayed ACKs would add their own ~40 ms latency to small
      // writes.
      client.setTcpNoDelay(true);
      upstream.setTcpNoDelay(true);
      upstream.connect(
          new InetSocketAddress(proxy.targetHost(), proxy.targetPort()),
          FaultProxy.CONNECT_TIMEOUT_MILLIS);
    } catch (IOException e) {
      if (!closed) {
        LOG.debug(
            "{}: cannot connect to {}:{}, resetting the client: {}",
            name(),
            proxy.targetHost(),
            proxy.targetPort(),
            e.toString());
      }
      close(true);
      return;
    }
    proxy.startThread(name() + "-from-target", () -> pump(upstream, client, false));
    pump(client, upstream, true);
  }

  private void pump(Socket from, Socket to, boolean toTarget) {
    byte[] buffer = new byte[BUFFER_SIZE];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      while (true) {
        int read;
        try {
          read = in.read(buffer);
        } catch (IOException e) {
          // The peer reset its side, or this connection was closed; a reset is forwarded like data.
          if (mayForward(System.nanoTime())) {
            close(true);
          }
          return;
        }
        if (!mayForward(System.nanoTime())) {
          return;
        }
        if (read < 0) {
          to.shutdownOutput();
          return;
        }
        out.write(buffer, 0, read);
        if (toTarget) {
          proxy.countToTarget(read);
        } else {
          proxy.countFromTarget(read);
        }
      }
    } catch (IOException e) {
      // Writing failed: the receiving side is gone, so the sending side must learn it too.
      close(true);
    } finally {
      if (openDirections.decrementAndGet() == 0) {
        close(false);
      }
    }
  }

  private boolean mayForward(long readAtNanos) {
    if (proxy.awaitForwardable(this, readAtNanos)) {
      return true;
    }
    // The mode changer resets this connection too, but a pump woken first must not let the
    // connection end with a normal close in the meantime.
    if (proxy.resetsConnections()) {
      close(true);
    }
    return false;
  }

  /** Closes both sockets, with a TCP RST when {@code reset}; idempotent. */
  void close(boolean reset) {
    Socket upstream;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      upstream = target;
    }
    proxy.unregister(this);
    closeSocket(client, reset);
    if (upstream != null) {
      closeSocket(upstream, reset);
    }
  }

  static void closeSocket(Socket socket, boolean reset) {
    try {
      if (reset) {
        socket.setSoLinger(true, 0);
      }
    } catch (IOException e) {
      LOG.debug("cannot set SO_LINGER 0, closing normally: {}", e.toString());
    }
    try {
      socket.close();
    } catch (IOException e) {
      LOG.debug("closing a socket failed: {}", e.toString());
    }
  }
}
