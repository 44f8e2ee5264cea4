package io.github.sessionkit.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A servlet that exercises one {@code HttpSession} method per path, for the contract tests. */
final class ContractApp extends HttpServlet {

  private static final long serialVersionUID = 1L;

  /** An application value type, read back with a plain cast. */
  public record Cart(String owner, List<String> items) {}

  /**
   * A value that wants to know when it is bound and unbound; it records that in {@link #BINDINGS}.
   */
  public record Bound(String label) implements HttpSessionBindingListener {
    static final List<String> BINDINGS = new CopyOnWriteArrayList<>();

    @Override
    public void valueBound(HttpSessionBindingEvent event) {
      BINDINGS.add("bound " + event.getName() + "=" + label);
    }

    @Override
    public void valueUnbound(HttpSessionBindingEvent event) {
      BINDINGS.add("unbound " + event.getName() + "=" + label);
    }
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = req.getPathInfo();
    String name = req.getParameter("name");
    String value = req.getParameter("value");
    String out;
    switch (path) {
      case "/create" -> {
        HttpSession s = req.getSession();
        out =
            "new="
                + s.isNew()
                + " id="
                + s.getId()
                + " created="
                + s.getCreationTime()
                + " lastAccessed="
                + s.getLastAccessedTime();
      }
      case "/info" -> {
        HttpSession s = req.getSession(false);
        out =
            s == null
                ? "none"
                : "new="
                    + s.isNew()
                    + " id="
                    + s.getId()
                    + " lastAccessed="
                    + s.getLastAccessedTime()
                    + " maxInactive="
                    + s.getMaxInactiveInterval();
      }
      case "/set" -> {
        req.getSession().setAttribute(name, value);
        out = "ok";
      }
      case "/bind" -> {
        req.getSession().setAttribute(name, new Bound(value));
        out = "ok";
      }
      case "/get" -> out = String.valueOf(req.getSession().getAttribute(name));
      case "/remove" -> {
        req.getSession().removeAttribute(name);
        out = "ok";
      }
      case "/cart" -> {
        req.getSession().setAttribute("cart", new Cart(value, List.of("book", "pen")));
        out = "ok";
      }
      case "/read-cart" -> {
        Cart cart = (Cart) req.getSession().getAttribute("cart");
        out = cart.owner() + " " + cart.items();
      }
      case "/store-thread" -> {
        try {
          req.getSession().setAttribute("thread", new Thread(() -> {}));
          out = "stored";
        } catch (io.github.sessionkit.AttributeSerializationException e) {
          out = e.getClass().getSimpleName() + " " + e.attribute() + " " + e.valueType();
        }
      }
      case "/rotate" -> {
        String before = req.getSession().getId();
        String after = req.changeSessionId();
        out = before + " -> " + after + " session=" + req.getSession(false).getId();
      }
      case "/max" -> {
        HttpSession s = req.getSession();
        s.setMaxInactiveInterval(Integer.parseInt(value));
        out = "maxInactive=" + s.getMaxInactiveInterval();
      }
      case "/invalidate" -> out = invalidate(req.getSession());
      default -> {
        resp.sendError(404);
        return;
      }
    }
    resp.setContentType("text/plain");
    resp.getWriter().write(out);
  }

  /** Invalidates, then calls every method the spec says must throw IllegalStateException. */
  private static String invalidate(HttpSession s) {
    String id = s.getId();
    s.invalidate();
    List<String> threw = new ArrayList<>();
    check(threw, s, "getAttribute", x -> x.getAttribute("a"));
    check(threw, s, "getAttributeNames", HttpSession::getAttributeNames);
    check(threw, s, "setAttribute", x -> x.setAttribute("a", "b"));
    check(threw, s, "removeAttribute", x -> x.removeAttribute("a"));
    check(threw, s, "getCreationTime", HttpSession::getCreationTime);
    check(threw, s, "getLastAccessedTime", HttpSession::getLastAccessedTime);
    check(threw, s, "isNew", HttpSession::isNew);
    check(threw, s, "invalidate", HttpSession::invalidate);
    Collections.sort(threw);
    return "idStillReadable=" + id.equals(s.getId()) + " threw=" + threw;
  }

  private static void check(
      List<String> threw, HttpSession s, String method, Consumer<HttpSession> call) {
    try {
      call.accept(s);
    } catch (IllegalStateException e) {
      threw.add(method);
    }
  }
}
