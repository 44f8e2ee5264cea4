package io.github.sessionkit.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import java.util.EventListener;
import java.util.List;

/** One embedded servlet container serving the test application on a loopback port. */
interface ServletContainer extends AutoCloseable {

  /** A filter and the servlet behind it, both mapped to {@code prefix + "/*"}. */
  record Mount(String prefix, Filter filter, Servlet servlet) {}

  /** Starts a container. */
  interface Factory {
    String name();

    default ServletContainer start(List<Mount> mounts) throws Exception {
      return start(mounts, List.of());
    }

    /**
     * Starts a container with listeners that it instantiates itself from their classes, as it does
     * for {@code @WebListener} and {@code web.xml} listeners.
     */
    ServletContainer start(List<Mount> mounts, List<Class<? extends EventListener>> listeners)
        throws Exception;
  }

  int port();

  /** Stops the container. */
  @Override
  void close();
}
