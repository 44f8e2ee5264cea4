package io.github.sessionkit.examples.cluster;

import io.github.sessionkit.servlet.SessionFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Runs behind the {@link SessionFilter} on every request of a node: sets the demo's security
 * headers (everything is served by the demo itself, so the content security policy allows no other
 * origin), times the session lookup of requests that carry a session id (the admin page's latency
 * chart), and counts requests and failed ones.
 */
final class NodeRequestFilter implements Filter {

  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src"
          + " 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  private final DemoNode node;

  NodeRequestFilter(DemoNode node) {
    this.node = node;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest httpRequest = (HttpServletRequest) request;
    HttpServletResponse httpResponse = (HttpServletResponse) response;
    httpResponse.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    httpResponse.setHeader("X-Content-Type-Options", "nosniff");
    httpResponse.setHeader("Referrer-Policy", "no-referrer");
    boolean page = !httpRequest.getRequestURI().startsWith("/static/");
    if (page) {
      httpResponse.setHeader("Cache-Control", "no-store");
    }
    boolean failed = true;
    try {
      if (page && httpRequest.getRequestedSessionId() != null) {
        // The filter looks sessions up lazily; asking here, once, is what the chart times.
        long start = System.nanoTime();
        SessionFilter.currentSession(httpRequest);
        node.latencies().record(DemoNode.LOOKUP_SERIES, System.nanoTime() - start);
      }
      chain.doFilter(request, response);
      failed = httpResponse.getStatus() >= 500;
    } finally {
      if (page) {
        node.countRequest(failed);
      }
    }
  }
}
