package io.github.sessionkit.bench.spring;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * A Spring Session repository driven the way its {@code SessionRepositoryFilter} drives it in a
 * request: {@code findById}, {@code setLastAccessedTime(now)} (the filter does this on every
 * request that reads the session), the application's changes, {@code save}.
 */
final class SpringTarget<S extends Session> implements RequestTarget {

  private final SessionRepository<S> repository;
  private final Runnable onClose;
  private final String[] ids;

  SpringTarget(SessionRepository<S> repository, int sessions, Runnable onClose) {
    this.repository = repository;
    this.onClose = onClose;
    this.ids = new String[sessions];
    for (int i = 0; i < sessions; i++) {
      S session = repository.createSession();
      // The principal, as sessionkit's sessions carry one; the indexed repositories index it.
      session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "user" + i);
      session.setAttribute("cart", new ArrayList<>(List.of("book", "pen")));
      session.setAttribute("theme", "dark");
      repository.save(session);
      ids[i] = session.getId();
    }
  }

  private S find(int index) {
    S session = repository.findById(ids[index]);
    if (session == null) {
      throw new IllegalStateException("Spring Session lost session " + index + "; did it expire during the run?");
    }
    session.setLastAccessedTime(Instant.now());
    return session;
  }

  @Override
  public Object typicalRequest(int index) {
    S session = find(index);
    session.setAttribute("theme", index % 2 == 0 ? "dark" : "light");
    repository.save(session);
    return session;
  }

  @Override
  public Object readOnlyRequest(int index) {
    S session = find(index);
    repository.save(session);
    return session;
  }

  @Override
  public void close() {
    onClose.run();
  }
}
