package io.github.sessionkit.bench.spring;

import io.github.sessionkit.bench.BenchSessions;
import io.github.sessionkit.SessionManager;

/** sessionkit's manager on one store, with the same sessions the Spring targets get. */
final class SessionkitTarget implements RequestTarget {

  private final SessionManager manager;
  private final String[] ids;

  SessionkitTarget(SessionManager manager, int sessions) {
    this.manager = manager;
    this.ids = BenchSessions.create(manager, sessions);
  }

  @Override
  public Object typicalRequest(int index) {
    return BenchSessions.typicalRequest(manager, ids[index], index % 2 == 0);
  }

  @Override
  public Object readOnlyRequest(int index) {
    return BenchSessions.readOnlyRequest(manager, ids[index]);
  }

  @Override
  public void close() {
    manager.close();
  }
}
