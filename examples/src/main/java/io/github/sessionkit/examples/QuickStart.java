package io.github.sessionkit.examples;

import io.github.sessionkit.Session;
import io.github.sessionkit.SessionManager;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/**
 * The README's quick start, runnable: builds a manager from the environment (in memory when nothing
 * is set) and walks through create, put, find, rotate and invalidate.
 *
 * <p>Run it with {@code ./mvnw -q -pl examples exec:java}; set {@code SESSION_STORE}, {@code
 * REDIS_URL} or {@code DATABASE_URL} to run the same code on another store.
 */
public final class QuickStart {

  private QuickStart() {}

  public static void main(String[] args) {
    run(System.out);
  }

  /** The walkthrough, printing each step to {@code out}. */
  public static void run(PrintStream out) {
    // tag::quickstart[]
    try (SessionManager sessions = SessionManager.fromEnvironment()) {
      // Log in: a new session for alice, with a 256-bit random id.
      Session session = sessions.create("alice");
      session.put("cart", List.of("book", "pen"));
      sessions.save(session);
      out.println("created   " + session + " in store " + sessions.store().name());

      // Next request, on any node sharing the store: find it by the id from the cookie.
      Session found = sessions.find(session.id()).orElseThrow();
      out.println("found     cart=" + found.get("cart", List.class));

      // Change one attribute: the save writes only that attribute.
      found.put("theme", "dark");
      sessions.save(found);
      out.println("saved     version " + found.version());

      // After a privilege change, rotate the id so an id planted earlier is worthless.
      String oldId = found.id();
      String newId = sessions.rotateId(found);
      out.println(
          "rotated   old id found: "
              + sessions.find(oldId).isPresent()
              + ", new id found: "
              + sessions.find(newId).isPresent());

      // Log out: the session is gone on every node.
      sessions.invalidate(newId);
      Optional<Session> afterLogout = sessions.find(newId);
      out.println("logged out, found: " + afterLogout.isPresent());
    }
    // end::quickstart[]
  }
}
