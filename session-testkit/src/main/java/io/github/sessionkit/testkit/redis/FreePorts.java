package io.github.sessionkit.testkit.redis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/** Finds free loopback ports; for a cluster node, one whose bus port (port + 10000) is free too. */
final class FreePorts {

  private FreePorts() {}

  static int find(boolean withBusPort) {
    if (!withBusPort) {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      } catch (IOException e) {
        throw new IllegalStateException("no free port on loopback", e);
      }
    }
    for (int i = 0; i < 200; i++) {
      // Below the usual ephemeral range, so the bus port stays under 65536 and clear of clients.
      int port = ThreadLocalRandom.current().nextInt(20_000, 30_000);
      if (isFree(port) && isFree(port + 10_000)) {
        return port;
      }
    }
    throw new IllegalStateException("no free pair of ports (port, port + 10000) on loopback");
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
