package io.github.sessionkit.servlet;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Short plain-text answers the filter writes itself: fixed text, never exception details. */
final class PlainResponses {

  private PlainResponses() {}

  static void write(HttpServletResponse response, int status, String text) throws IOException {
    response.setStatus(status);
    response.setHeader("Cache-Control", "no-store");
    response.setContentType("text/plain;charset=UTF-8");
    byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
