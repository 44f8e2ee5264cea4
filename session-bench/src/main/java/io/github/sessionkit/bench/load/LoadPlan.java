package io.github.sessionkit.bench.load;

import java.time.Duration;

/**
 * A run, resolved from a profile and the command line: what users do, how many, for how long.
 *
 * @param scenario what each user does
 * @param users virtual users after the ramp-up
 * @param rampUp time over which the users start, evenly spaced
 * @param duration length of the run, ramp-up included
 * @param think pause between two rounds of one user
 * @param spikeUsers users during the spike (the middle third of the run), or 0 for no spike
 * @param hotSessions sessions every user reads in the cache-burst rounds
 */
record LoadPlan(
    Scenario scenario,
    int users,
    Duration rampUp,
    Duration duration,
    Duration think,
    int spikeUsers,
    int hotSessions) {

  LoadPlan {
    if (users < 1) {
      throw new IllegalArgumentException("users must be at least 1, got " + users);
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be positive, got " + duration);
    }
    if (rampUp.isNegative() || rampUp.compareTo(duration) > 0) {
      throw new IllegalArgumentException("rampUp must be from 0 to the duration, got " + rampUp);
    }
    if (spikeUsers != 0 && spikeUsers < users) {
      throw new IllegalArgumentException(
          "spikeUsers must be 0 or at least users, got " + spikeUsers);
    }
  }

  boolean hasSpike() {
    return spikeUsers > users;
  }

  /** When the spike starts, from the start of the run. */
  Duration spikeStart() {
    return duration.dividedBy(3);
  }

  /** When the spike ends, from the start of the run. */
  Duration spikeEnd() {
    return duration.multipliedBy(2).dividedBy(3);
  }

  /** The most users active at once. */
  int peakUsers() {
    return Math.max(users, spikeUsers);
  }

  /** Whole seconds of the run, at least 1: the length of the timeline. */
  int seconds() {
    return (int) Math.max(1, (duration.toMillis() + 999) / 1000);
  }
}
