/** Micrometer metrics for a session manager and its store. */
module io.github.sessionkit.micrometer {
  requires transitive io.github.sessionkit.core;
  requires transitive micrometer.core; // automatic module; SessionMetrics takes a MeterRegistry

  exports io.github.sessionkit.micrometer;
}
