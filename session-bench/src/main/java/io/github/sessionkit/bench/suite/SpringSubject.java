package io.github.sessionkit.bench.suite;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * A Spring Session repository driven the way its {@code SessionRepositoryFilter} drives it in a
 * request: {@code findById}, {@code setLastAccessedTime(now)} (the filter does this on every
 * request that reads the session), the application's changes, {@code save}. {@link #find} is the
 * repository's {@code findById} alone.
 */
final class SpringSubject<S extends Session> implements Subject {

  private final SessionRepository<S> repository;
  private final Runnable onClose;
  private final String[] ids;

  SpringSubject(SessionRepository<S> repository, Runnable onClose) {
    this.repository = repository;
    this.onClose = onClose;
    this.ids = new String[Subjects.SESSIONS];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = save(repository.createSession(), "user" + i);
    }
  }

  private String save(S session, String principal) {
    // The principal, as sessionkit's sessions carry one; the indexed repositories index it.
    session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, principal);
    session.setAttribute("cart", new ArrayList<>(List.of("book", "pen")));
    session.setAttribute("theme", "dark");
    repository.save(session);
    return session.getId();
  }

  @Override
  public Object find(int index) {
    S session = repository.findById(ids[index]);
    if (session == null) {
      throw new IllegalStateException(
          "Spring Session lost session " + index + "; did it expire during the run?");
    }
    return session;
  }

  @Override
  public Object create(long serial) {
    return save(repository.createSession(), "new-user" + serial);
  }

  @SuppressWarnings("unchecked")
  private S request(int index) {
    S session = (S) find(index);
    session.setLastAccessedTime(Instant.now());
    return session;
  }

  @Override
  public Object typical(int index) {
    S session = request(index);
    session.setAttribute("theme", index % 2 == 0 ? "dark" : "light");
    repository.save(session);
    return session;
  }

  @Override
  public Object readOnly(int index) {
    S session = request(index);
    repository.save(session);
    return session;
  }

  @Override
  public void close() {
    onClose.run();
  }
}
