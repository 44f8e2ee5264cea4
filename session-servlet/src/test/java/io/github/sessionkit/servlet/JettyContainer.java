package io.github.sessionkit.servlet;

import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import java.util.EventListener;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ListenerHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Embedded Jetty 12 (ee10, Servlet 6.0), with its default error handling and without its own
 * sessions.
 */
final class JettyContainer implements ServletContainer {

  static final Factory FACTORY =
      new Factory() {
        @Override
        public String name() {
          return "jetty";
        }

        @Override
        public ServletContainer start(
            List<Mount> mounts, List<Class<? extends EventListener>> listeners) throws Exception {
          return new JettyContainer(mounts, listeners);
        }
      };

  private final Server server;
  private final ServerConnector connector;

  private JettyContainer(List<Mount> mounts, List<Class<? extends EventListener>> listeners)
      throws Exception {
    server = new Server();
    connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    // NO_SESSIONS: a fallback to the container's own sessions would fail loudly.
    ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
    context.setContextPath("/");
    for (Class<? extends EventListener> listener : listeners) {
      context.getServletHandler().addListener(new ListenerHolder(listener));
    }
    for (Mount mount : mounts) {
      String pattern = mount.prefix() + "/*";
      FilterHolder filter = new FilterHolder(mount.filter());
      filter.setName("sessions" + mount.prefix().replace('/', '-'));
      filter.setAsyncSupported(true);
      context.addFilter(filter, pattern, EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
      ServletHolder holder =
          new ServletHolder("app" + mount.prefix().replace('/', '-'), mount.servlet());
      holder.setAsyncSupported(true);
      context.addServlet(holder, pattern);
    }
    server.setHandler(context);
    server.start();
  }

  @Override
  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("stopping Jetty failed", e);
    }
  }
}
