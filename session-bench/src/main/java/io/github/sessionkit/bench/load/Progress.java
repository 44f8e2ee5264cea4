package io.github.sessionkit.bench.load;

/** Receives the state of a running load test about once a second, on the thread that runs it. */
interface Progress {

  /**
   * @param elapsedNanos since the start of the run
   * @param durationNanos planned length of the run
   * @param activeUsers virtual users running now
   * @param operations operations so far
   * @param errors failed operations so far
   * @param throughput operations per second over the last second
   */
  record Snapshot(
      long elapsedNanos,
      long durationNanos,
      int activeUsers,
      long operations,
      long errors,
      double throughput) {}

  /** About once a second while the run goes on. */
  void update(Snapshot snapshot);

  /** The run is over; the last update. */
  void done(Snapshot snapshot);
}
