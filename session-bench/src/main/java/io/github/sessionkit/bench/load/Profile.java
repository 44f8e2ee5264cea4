package io.github.sessionkit.bench.load;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * How much load, for how long: virtual users, ramp-up, duration and think time between a user's
 * iterations, sized for a 2-core machine. The spike profile adds a sudden jump of users in the
 * middle third of the run.
 */
enum Profile {
  SMOKE(
      "a quick check that everything works",
      4,
      Duration.ofSeconds(1),
      Duration.ofSeconds(5),
      Duration.ofMillis(1),
      0),
  LOAD(
      "the expected everyday load",
      16,
      Duration.ofSeconds(10),
      Duration.ofSeconds(60),
      Duration.ofMillis(10),
      0),
  STRESS(
      "well beyond the everyday load, little think time",
      64,
      Duration.ofSeconds(20),
      Duration.ofSeconds(120),
      Duration.ofMillis(1),
      0),
  SPIKE(
      "a steady load that jumps to 8 times the users in the middle third of the run",
      8,
      Duration.ofSeconds(2),
      Duration.ofSeconds(60),
      Duration.ofMillis(10),
      8),
  ENDURANCE(
      "a moderate load held for a long time, to find leaks and drift",
      8,
      Duration.ofSeconds(10),
      Duration.ofMinutes(30),
      Duration.ofMillis(10),
      0);

  private final String description;
  private final int users;
  private final Duration rampUp;
  private final Duration duration;
  private final Duration think;
  private final int spikeFactor;

  Profile(
      String description,
      int users,
      Duration rampUp,
      Duration duration,
      Duration think,
      int spikeFactor) {
    this.description = description;
    this.users = users;
    this.rampUp = rampUp;
    this.duration = duration;
    this.think = think;
    this.spikeFactor = spikeFactor;
  }

  /** The name used on the command line. */
  String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Optional<Profile> byLabel(String label) {
    for (Profile p : values()) {
      if (p.label().equals(label)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  String description() {
    return description;
  }

  int users() {
    return users;
  }

  Duration rampUp() {
    return rampUp;
  }

  Duration duration() {
    return duration;
  }

  Duration think() {
    return think;
  }

  /** Users during the spike as a multiple of the base users; 0 for no spike. */
  int spikeFactor() {
    return spikeFactor;
  }
}
