package io.github.sessionkit.bench.spring;

import io.github.sessionkit.Session;
import io.github.sessionkit.SessionManager;
import java.util.ArrayList;
import java.util.List;

/** sessionkit's manager on one store, with the same sessions the Spring targets get. */
final class SessionkitTarget implements RequestTarget {

  private final SessionManager manager;
  private final String[] ids;

  SessionkitTarget(SessionManager manager, int sessions) {
    this.manager = manager;
    this.ids = new String[sessions];
    for (int i = 0; i < sessions; i++) {
      Session session = manager.create("user" + i);
      session.put("cart", new ArrayList<>(List.of("book", "pen")));
      session.put("theme", "dark");
      manager.save(session);
      ids[i] = session.id();
    }
  }

  @Override
  public Object typicalRequest(int index) {
    Session session = manager.find(ids[index]).orElseThrow();
    session.put("theme", index % 2 == 0 ? "dark" : "light");
    manager.save(session);
    return session;
  }

  @Override
  public Object readOnlyRequest(int index) {
    Session session = manager.find(ids[index]).orElseThrow();
    manager.save(session);
    return session;
  }

  @Override
  public void close() {
    manager.close();
  }
}
