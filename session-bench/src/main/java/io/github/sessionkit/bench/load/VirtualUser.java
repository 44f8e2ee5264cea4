package io.github.sessionkit.bench.load;

import java.util.SplittableRandom;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One simulated user as a scenario drives it: every action timed and recorded under the scenario
 * and operation it belongs to, with its own random numbers. Used by one thread only.
 *
 * @param <L> what identifies one of the user's sessions (see {@link UserActions})
 */
final class VirtualUser<L> {

  /** An action whose latency is measured; throws (or returns normally) as the system does. */
  @FunctionalInterface
  interface Step<L> {
    void run(UserActions<L> actions);
  }

  private static final int MAX_MESSAGE = 160;

  private final UserActions<L> actions;
  private final LatencyRecorder recorder;
  private final SplittableRandom random;

  VirtualUser(UserActions<L> actions, LatencyRecorder recorder, SplittableRandom random) {
    this.actions = actions;
    this.recorder = recorder;
    this.random = random;
  }

  SplittableRandom random() {
    return random;
  }

  /**
   * Runs and records one action; an exception is counted as an error of that action (described by
   * its class and message), never rethrown.
   *
   * @return whether the action succeeded
   */
  boolean timed(Scenario scenario, Operation op, Step<L> step) {
    return measure(
            scenario,
            op,
            a -> {
              step.run(a);
              return Boolean.TRUE;
            })
        != null;
  }

  /** A timed login; the new login, or null when it failed (and was recorded as failed). */
  @Nullable L login(Scenario scenario) {
    return measure(scenario, Operation.LOGIN, UserActions::login);
  }

  private <T> @Nullable T measure(
      Scenario scenario, Operation op, Function<UserActions<L>, T> action) {
    long start = System.nanoTime();
    T result = null;
    String error = null;
    try {
      result = action.apply(actions);
    } catch (Failure e) {
      error = e.getMessage();
    } catch (RuntimeException e) {
      error = describe(e);
    }
    recorder.record(scenario, op, System.nanoTime() - start, error);
    return error == null ? result : null;
  }

  void logoutQuietly(L login) {
    actions.logoutQuietly(login);
  }

  /** An exception as one short line: its class and message, whitespace folded. */
  static String describe(Throwable e) {
    String message = e.getMessage();
    String text =
        e.getClass().getSimpleName()
            + (message == null ? "" : ": " + message.replaceAll("\\s+", " "));
    return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + "...";
  }
}
