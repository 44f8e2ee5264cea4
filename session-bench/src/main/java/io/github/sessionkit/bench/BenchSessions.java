package io.github.sessionkit.bench;

import io.github.sessionkit.Session;
import io.github.sessionkit.SessionManager;
import java.util.List;
import java.util.Map;

/**
 * What every benchmark means by a session, a typical request and a read-only request, in one place
 * so that numbers from different benchmarks compare like with like.
 */
public final class BenchSessions {

  /** The stored attributes of every benchmark session, as the codec encodes them. */
  public static final Map<String, String> ENCODED_ATTRIBUTES =
      Map.of("cart", "[\"book\",\"pen\"]", "theme", "\"dark\"");

  private BenchSessions() {}

  /**
   * Saves {@code count} sessions (principal {@code user<i>}, a cart and a theme) and returns their
   * ids.
   */
  public static String[] create(SessionManager manager, int count) {
    String[] ids = new String[count];
    for (int i = 0; i < count; i++) {
      Session session = manager.create("user" + i);
      session.put("cart", List.of("book", "pen"));
      session.put("theme", "dark");
      manager.save(session);
      ids[i] = session.id();
    }
    return ids;
  }

  /** A typical request: find, change one attribute, save (one merge in the store). */
  public static Session typicalRequest(SessionManager manager, String id, boolean dark) {
    Session session = manager.find(id).orElseThrow();
    session.put("theme", dark ? "dark" : "light");
    manager.save(session);
    return session;
  }

  /** A read-only request: find, and save with nothing changed (writes nothing). */
  public static Session readOnlyRequest(SessionManager manager, String id) {
    Session session = manager.find(id).orElseThrow();
    manager.save(session);
    return session;
  }
}
