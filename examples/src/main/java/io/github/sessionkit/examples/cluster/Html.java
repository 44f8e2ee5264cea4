package io.github.sessionkit.examples.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/** The demo's HTML: escaping, links between the nodes, and the frame every app page shares. */
final class Html {

  static final ObjectMapper JSON = new ObjectMapper();

  private Html() {}

  /** Text made safe for HTML content and quoted attribute values. */
  static String escape(@Nullable Object value) {
    String text = String.valueOf(value);
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** A value as compact JSON, as the session stores it. */
  static String json(@Nullable Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      return String.valueOf(value);
    }
  }

  /**
   * {@code http://<the host this request came to>:<port><path>}: cookies belong to a host, not a
   * port, so a link that keeps the host keeps the session cookie.
   */
  static String url(HttpServletRequest request, int port, String path) {
    String host = request.getServerName();
    if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return "http://" + host + ":" + port + path;
  }

  /** An app page: the shared head, a top bar saying which node answered, and {@code body}. */
  static String page(DemoNode node, HttpServletRequest request, String title, String body) {
    String node1 = url(request, node.number() == 1 ? node.port() : node.peerPort(), "/");
    String node2 = url(request, node.number() == 2 ? node.port() : node.peerPort(), "/");
    return """
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>%s · %s · sessionkit cluster demo</title>
    <link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
    <link rel="stylesheet" href="/static/demo.css">
    </head>
    <body class="node-%d">
    <header class="topbar">
      <a class="brand" href="/"><span class="logo"></span>sessionkit <small>cluster demo</small></a>
      <span class="node-badge" id="node-badge">%s · port %d</span>
      <nav>
        <a href="%s"%s>node 1</a>
        <a href="%s"%s>node 2</a>
        <a href="/admin">admin</a>
      </nav>
    </header>
    <main>
    %s
    </main>
    <footer>Two Jetty nodes, one session: local memory → Redis → PostgreSQL,
    a circuit breaker per remote tier.</footer>
    </body>
    </html>
    """
        .formatted(
            escape(title),
            escape(node.name()),
            node.number(),
            escape(node.name()),
            node.port(),
            escape(node1),
            node.number() == 1 ? " class=\"current\"" : "",
            escape(node2),
            node.number() == 2 ? " class=\"current\"" : "",
            body);
  }
}
