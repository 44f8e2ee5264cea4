package io.github.sessionkit.bench.suite;

import io.github.sessionkit.Session;
import io.github.sessionkit.SessionManager;
import io.github.sessionkit.bench.BenchSessions;
import java.util.List;

/** A sessionkit {@link SessionManager} on one store, with the sessions every subject gets. */
final class SessionkitSubject implements Subject {

  private final SessionManager manager;
  private final Runnable onClose;
  private final String[] ids;

  SessionkitSubject(SessionManager manager, Runnable onClose) {
    this.manager = manager;
    this.onClose = onClose;
    this.ids = BenchSessions.create(manager, Subjects.SESSIONS);
  }

  SessionManager manager() {
    return manager;
  }

  @Override
  public Object find(int index) {
    return manager.find(ids[index]).orElseThrow();
  }

  @Override
  public Object create(long serial) {
    Session session = manager.create("new-user" + serial);
    session.put("cart", List.of("book", "pen"));
    session.put("theme", "dark");
    manager.save(session);
    return session;
  }

  @Override
  public Object typical(int index) {
    return BenchSessions.typicalRequest(manager, ids[index], index % 2 == 0);
  }

  @Override
  public Object readOnly(int index) {
    return BenchSessions.readOnlyRequest(manager, ids[index]);
  }

  @Override
  public void close() {
    try {
      manager.close();
    } finally {
      onClose.run();
    }
  }
}
