package io.github.sessionkit.examples.cluster;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Serves the demo's own scripts, styles and icon from the class path, so the pages need nothing
 * from elsewhere. Only the files named here are served: no path from the request reaches the class
 * loader.
 */
final class StaticResourceServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  /** Class-path folder of the demo's static files. */
  static final String FOLDER = "/io/github/sessionkit/examples/cluster/";

  private static final Map<String, String> TYPES =
      Map.of(
          "admin.js", "text/javascript; charset=utf-8",
          "demo.css", "text/css; charset=utf-8",
          "favicon.svg", "image/svg+xml");

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = request.getPathInfo();
    String name = path == null ? "" : path.substring(1);
    String type = TYPES.get(name);
    if (type == null) {
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    byte[] body = read(name);
    response.setContentType(type);
    response.setHeader("Cache-Control", "no-cache");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  /** A file of the demo's folder on the class path. */
  static byte[] read(String name) {
    try (InputStream in = StaticResourceServlet.class.getResourceAsStream(FOLDER + name)) {
      if (in == null) {
        throw new IllegalStateException(
            "demo resource " + FOLDER + name + " is missing from the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
