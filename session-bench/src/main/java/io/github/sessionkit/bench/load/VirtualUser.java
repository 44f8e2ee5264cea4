package io.github.sessionkit.bench.load;

import io.github.sessionkit.Session;
import io.github.sessionkit.SessionManager;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * One simulated user: the calls a scenario is made of, each timed and recorded, with its own
 * random numbers. Used by one thread only.
 */
final class VirtualUser {

  /** A call whose latency is measured; throws (or returns normally) as the manager does. */
  @FunctionalInterface
  interface Step {
    void run();
  }

  private static final int MAX_MESSAGE = 160;

  private final SessionManager manager;
  private final LatencyRecorder recorder;
  private final String principal;
  private final List<String> hotSessions;
  private final SplittableRandom random;
  private final Duration idleTimeout;
  private final Duration longIdleTimeout;
  private boolean longIdle;
  private @Nullable String lastSessionId;

  VirtualUser(SessionManager manager, LatencyRecorder recorder, int number, List<String> hotSessions, long seed) {
    this.manager = manager;
    this.recorder = recorder;
    this.principal = "load-user-" + number;
    this.hotSessions = hotSessions;
    this.random = new SplittableRandom(seed);
    this.idleTimeout = manager.idleTimeout();
    this.longIdleTimeout = idleTimeout.plusMinutes(1);
  }

  SplittableRandom random() {
    return random;
  }

  /**
   * Runs and records one operation; an exception is counted as an error of that operation
   * (described by its class and message), never rethrown.
   *
   * @return whether the operation succeeded
   */
  boolean timed(Operation op, Step step) {
    long start = System.nanoTime();
    String error = null;
    try {
      step.run();
    } catch (Failure e) {
      error = e.getMessage();
    } catch (RuntimeException e) {
      error = describe(e);
    }
    recorder.record(op, start, System.nanoTime() - start, error);
    return error == null;
  }

  static String describe(Throwable e) {
    String message = e.getMessage();
    String text = e.getClass().getSimpleName() + (message == null ? "" : ": " + message.replaceAll("\\s+", " "));
    return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + "...";
  }

  /** Creates and saves a session for this user, as a login does; returns its id. */
  String login() {
    Session session = manager.create(principal);
    session.put("roles", List.of("user", "reader"));
    session.put("cart", List.of("book", "pen"));
    manager.save(session);
    lastSessionId = session.id();
    return session.id();
  }

  /** The id {@link #login()} returned last, or null when it has not run or failed. */
  @Nullable String lastSessionId() {
    return lastSessionId;
  }

  /** Finds a session that must exist and decodes one attribute, as a request's session check does. */
  Session check(String id) {
    Session session = manager.find(id).orElseThrow(() -> new Failure("session not found"));
    session.get("roles", List.class);
    return session;
  }

  /** Gives the session a longer (or back the usual) idle timeout: an explicit write of its expiry. */
  void refresh(String id) {
    Session session = check(id);
    longIdle = !longIdle;
    session.setIdleTimeout(longIdle ? longIdleTimeout : idleTimeout);
    manager.save(session);
  }

  /** Changes two attributes, as an API call that updates the session does. */
  void apiCall(String id) {
    Session session = check(id);
    int requests = session.getOrDefault("requests", Integer.class, 0);
    session.put("requests", requests + 1);
    session.put("lastPath", "/api/items/" + random.nextInt(1_000));
    manager.save(session);
  }

  void logout(String id) {
    if (!manager.invalidate(id)) {
      throw new Failure("session to log out not found");
    }
  }

  /** Logs out without measuring, when the run is over; a failure is of no interest then. */
  void logoutQuietly(String id) {
    try {
      manager.invalidate(id);
    } catch (RuntimeException ignored) {
      // The store is gone or the session too: nothing left to clean up.
    }
  }

  /** The id of one of the sessions every user reads. */
  String hotSession() {
    return hotSessions.get(random.nextInt(hotSessions.size()));
  }
}
