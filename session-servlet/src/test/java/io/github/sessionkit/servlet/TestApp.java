package io.github.sessionkit.servlet;

import io.github.sessionkit.AttributeType;
import io.github.sessionkit.Session;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The application under test: one servlet whose path info names what it does with the session, like
 * the handlers of a small web app. It uses only the Servlet API (and the typed access {@link
 * SessionFilter} offers), never the store.
 */
final class TestApp extends HttpServlet {

  private static final long serialVersionUID = 1L;

  /**
   * Latches of the /commit command, by the token the test passes: "acted" (counted down) and
   * "release" (awaited).
   */
  static final Map<String, CountDownLatch> ACTED = new ConcurrentHashMap<>();

  static final Map<String, CountDownLatch> RELEASE = new ConcurrentHashMap<>();

  /** The last exception a command saw escape from a session method. */
  final transient AtomicReference<Throwable> lastFailure = new AtomicReference<>();

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String command = String.valueOf(req.getPathInfo());
    String name = req.getParameter("name");
    String value = req.getParameter("value");
    switch (command) {
      case "/login" -> {
        HttpSession session = req.getSession();
        session.setAttribute("user", req.getParameter("user"));
        session.setAttribute("cart", List.of("book", "pen"));
        text(resp, "ok");
      }
      case "/login-as" -> {
        Session session = SessionFilter.getOrCreateSession(req);
        session.setPrincipal(req.getParameter("user"));
        req.changeSessionId();
        req.getSession().setAttribute("user", req.getParameter("user"));
        text(resp, "ok");
      }
      case "/read" -> {
        HttpSession session = req.getSession(false);
        Object v = session == null ? null : session.getAttribute(name);
        if (v != null) {
          resp.setHeader("X-Value-Type", v.getClass().getName());
        }
        text(resp, session == null ? "none" : String.valueOf(v));
      }
      case "/set" -> {
        req.getSession().setAttribute(name, value);
        text(resp, "ok");
      }
      case "/same-object" -> {
        HttpSession session = req.getSession();
        List<String> list = new ArrayList<>(List.of("x"));
        session.setAttribute(name, list);
        text(resp, session.getAttribute(name) == list ? "same" : "different");
      }
      case "/typed" -> {
        Session session = SessionFilter.currentSession(req).orElse(null);
        text(
            resp,
            session == null
                ? "none"
                : String.valueOf(session.get("cart", new AttributeType<List<String>>() {})));
      }
      case "/typed-put" -> {
        Session session = SessionFilter.getOrCreateSession(req);
        session.put(name, Integer.valueOf(value));
        text(resp, "ok");
      }
      case "/remove" -> {
        req.getSession().removeAttribute(name);
        text(resp, "ok");
      }
      case "/logout" -> {
        HttpSession session = req.getSession(false);
        if (session != null) {
          session.invalidate();
        }
        text(resp, "ok");
      }
      case "/rotate" -> {
        HttpSession session = req.getSession(false);
        if (session == null) {
          text(resp, "none");
          return;
        }
        String newId = req.changeSessionId();
        text(
            resp,
            "rotated "
                + newId.equals(req.getSession(false).getId())
                + " valid="
                + req.isRequestedSessionIdValid());
      }
      case "/info" -> {
        boolean requested = req.getRequestedSessionId() != null;
        boolean valid = req.isRequestedSessionIdValid();
        boolean fromCookie = req.isRequestedSessionIdFromCookie();
        HttpSession session = req.getSession();
        text(
            resp,
            "new="
                + session.isNew()
                + " requested="
                + requested
                + " valid="
                + valid
                + " fromCookie="
                + fromCookie);
      }
      case "/commit" -> commit(req, resp, name, value);
      case "/listen" -> {
        HttpSession session = req.getSession();
        session.setAttribute("a", "1");
        session.setAttribute("a", "2");
        session.removeAttribute("a");
        session.setAttribute("bound", new BoundValue(value));
        session.setAttribute("bound", "plain");
        text(resp, "ok");
      }
      case "/bind-and-logout" -> {
        HttpSession session = req.getSession();
        session.setAttribute("bound", new BoundValue(value));
        session.invalidate();
        text(resp, "ok");
      }
      case "/slow-set" -> {
        HttpSession session = req.getSession(false);
        String token = req.getParameter("token");
        ACTED.get(token).countDown();
        await(token);
        session.setAttribute(name, value);
        text(resp, "ok");
      }
      case "/bad" -> {
        HttpSession session = req.getSession(false);
        try {
          session.setAttribute("bad", new Unencodable());
        } catch (RuntimeException e) {
          lastFailure.set(e);
          throw e;
        }
        text(resp, "not reached");
      }
      case "/async" -> {
        AsyncContext async = req.startAsync(req, resp);
        async.start(
            () -> {
              try {
                req.getSession().setAttribute(name, value);
                text(resp, "async ok");
              } catch (IOException | RuntimeException e) {
                lastFailure.set(e);
              } finally {
                async.complete();
              }
            });
      }
      case "/silent-set" -> req.getSession().setAttribute(name, value);
      case "/async-dispatch" -> {
        AsyncContext async = req.startAsync();
        async.start(() -> async.dispatch("/web/silent-set?name=" + name + "&value=" + value));
      }
      default -> resp.sendError(404);
    }
  }

  /**
   * Sets an attribute, then does something that commits (or may commit) the response, tells the
   * test, and waits until the test has looked at the store through the other node.
   */
  private static void commit(
      HttpServletRequest req, HttpServletResponse resp, String name, String value)
      throws IOException {
    req.getSession().setAttribute(name, value);
    String mode = req.getParameter("mode");
    byte[] chunk = new byte[1000];
    Arrays.fill(chunk, (byte) 'x');
    int size = Math.max(resp.getBufferSize(), 8192) * 3;
    switch (mode) {
      case "flush" -> {
        resp.setContentType("text/plain");
        resp.getWriter().write("flushed\n");
        resp.flushBuffer();
      }
      case "stream" -> {
        resp.setContentType("application/octet-stream");
        ServletOutputStream out = resp.getOutputStream();
        for (int written = 0; written < size; written += chunk.length) {
          out.write(chunk);
        }
      }
      case "writer" -> {
        resp.setContentType("text/plain");
        PrintWriter out = resp.getWriter();
        String line = "y".repeat(999);
        for (int written = 0; written < size; written += 1000) {
          out.println(line);
        }
      }
      case "redirect" -> resp.sendRedirect("/web/read?name=" + name);
      case "error" -> resp.sendError(409);
      default -> throw new IllegalArgumentException("mode " + mode);
    }
    String token = req.getParameter("token");
    ACTED.get(token).countDown();
    await(token);
  }

  private static void await(String token) {
    try {
      if (!RELEASE.get(token).await(20, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test did not release " + token);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void text(HttpServletResponse resp, String body) throws IOException {
    resp.setContentType("text/plain;charset=UTF-8");
    resp.getWriter().write(body);
  }

  /**
   * A session value that wants to know when it is bound and unbound; a record, so it reads back
   * from the store.
   */
  public record BoundValue(String label) implements HttpSessionBindingListener {
    static final List<String> EVENTS = new CopyOnWriteArrayList<>();

    @Override
    public String toString() {
      return "BoundValue(" + label + ")";
    }

    @Override
    public void valueBound(HttpSessionBindingEvent event) {
      EVENTS.add("bound " + label + " as " + event.getName());
    }

    @Override
    public void valueUnbound(HttpSessionBindingEvent event) {
      EVENTS.add("unbound " + label + " from " + event.getName());
    }
  }

  /**
   * A value JSON cannot encode: its getter fails, with a message that must never reach a client.
   */
  public static final class Unencodable {
    public String getSecret() {
      throw new IllegalStateException("internal detail hunter2 must not leak");
    }
  }
}
