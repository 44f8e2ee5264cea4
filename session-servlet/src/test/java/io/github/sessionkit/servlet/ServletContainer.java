package io.github.sessionkit.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import java.util.List;

/** One embedded servlet container serving the test application on a loopback port. */
interface ServletContainer extends AutoCloseable {

  /** A filter and the servlet behind it, both mapped to {@code prefix + "/*"}. */
  record Mount(String prefix, Filter filter, Servlet servlet) {}

  /** Starts a container. */
  interface Factory {
    String name();

    ServletContainer start(List<Mount> mounts) throws Exception;
  }

  int port();

  /** Stops the container. */
  @Override
  void close();
}
