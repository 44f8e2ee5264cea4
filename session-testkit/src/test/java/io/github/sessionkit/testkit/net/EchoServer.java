package io.github.sessionkit.testkit.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A real TCP echo server on an ephemeral loopback port, one daemon thread per connection. */
final class EchoServer implements AutoCloseable {

  private final ServerSocket server;
  private final Set<Socket> clients = ConcurrentHashMap.newKeySet();

  EchoServer() throws IOException {
    server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread acceptor = new Thread(this::acceptLoop, "echo-server-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        client.setTcpNoDelay(true);
        clients.add(client);
        Thread echo = new Thread(() -> echo(client), "echo-server-conn");
        echo.setDaemon(true);
        echo.start();
      } catch (IOException e) {
        // closed by close(), or a failed accept: the loop condition decides
      }
    }
  }

  private void echo(Socket client) {
    byte[] buffer = new byte[8192];
    try (client) {
      InputStream in = client.getInputStream();
      OutputStream out = client.getOutputStream();
      int read;
      while ((read = in.read(buffer)) >= 0) {
        out.write(buffer, 0, read);
      }
      client.shutdownOutput();
    } catch (IOException e) {
      // the peer reset the connection; nothing to echo any more
    } finally {
      clients.remove(client);
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket client : clients) {
      client.close();
    }
  }
}
