package io.github.sessionkit.bench.load;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The results of a run, graded: what the text and HTML reports show.
 *
 * @param profile the profile's name
 * @param plan what ran
 * @param store the store's name, and the serving tier for a tiered store
 * @param tenant the tenant the sessions were made in
 * @param startedAt wall-clock start, for the reader
 * @param elapsedNanos how long the run took, users joined
 * @param operations one summary per operation that ran, in {@link Operation} order
 * @param total all operations together
 * @param timeline one point per second of the run
 * @param errors error descriptions and counts, most frequent first
 * @param checks the grading
 */
record LoadReport(String profile, LoadPlan plan, String store, String tenant, Instant startedAt, long elapsedNanos,
    List<Summary> operations, Summary total, List<Second> timeline, Map<String, Long> errors, List<Check> checks) {

  /** Latencies (nanoseconds) of one operation, or of all. */
  record Summary(String name, long count, long errors, double meanNanos, long p50Nanos, long p95Nanos, long p99Nanos,
      long maxNanos) {

    static Summary of(String name, Histogram h, long errors) {
      return new Summary(name, h.count(), errors, h.mean(), h.percentile(50), h.percentile(95), h.percentile(99),
          h.max());
    }

    /** Share of operations that succeeded, in percent; 0 when none ran. */
    double successPercent() {
      return count == 0 ? 0 : 100.0 * (count - errors) / count;
    }
  }

  /**
   * One second of the run: operations started in it, their latencies, active users.
   */
  record Second(int second, long operations, long errors, long p50Nanos, long p95Nanos, long p99Nanos, int users) {}

  /** Whether no check failed. */
  boolean passed() {
    return checks.stream().noneMatch(c -> c.verdict() == Check.Verdict.FAIL);
  }

  /** Operations per second over the run (ramp-up included). */
  double throughput() {
    long nanos = Math.max(1, Math.min(elapsedNanos, plan.duration().toNanos()));
    return total.count() * 1e9 / nanos;
  }

  static LoadReport of(String profile, LoadPlan plan, String store, String tenant, Instant startedAt,
      LoadRunner.Outcome outcome, Thresholds thresholds) {
    LatencyRecorder recorder = outcome.recorder();
    List<Summary> operations = new ArrayList<>();
    Histogram all = new Histogram();
    long allErrors = 0;
    for (Operation op : Operation.values()) {
      Histogram h = recorder.operation(op);
      if (h.count() > 0) {
        operations.add(Summary.of(op.label(), h, recorder.errors(op)));
        all.add(h);
        allErrors += recorder.errors(op);
      }
    }
    Summary total = Summary.of("all", all, allErrors);
    List<Second> timeline = new ArrayList<>();
    for (int s = 0; s < recorder.seconds(); s++) {
      Histogram h = recorder.second(s);
      timeline.add(new Second(s, h.count(), recorder.errorsInSecond(s), h.percentile(50), h.percentile(95),
          h.percentile(99), recorder.usersInSecond(s)));
    }
    Map<String, Long> errors = recorder.errorKinds();
    if (outcome.firstCrash() != null) {
      errors = new LinkedHashMap<>(errors);
      errors.put("virtual user ended by a bug of the load tool: " + outcome.firstCrash(), (long) outcome.crashedUsers());
    }
    return new LoadReport(profile, plan, store, tenant, startedAt, outcome.elapsedNanos(), List.copyOf(operations),
        total, List.copyOf(timeline), Collections.unmodifiableMap(new LinkedHashMap<>(errors)),
        grade(total, outcome, plan, thresholds));
  }

  static List<Check> grade(Summary total, LoadRunner.Outcome outcome, LoadPlan plan, Thresholds t) {
    List<Check> checks = new ArrayList<>();
    boolean ran = total.count() > 0;
    checks.add(latency("average latency", total.meanNanos(), t.maxAverage(), ran));
    checks.add(latency("p95 latency", total.p95Nanos(), t.maxP95(), ran));
    checks.add(latency("p99 latency", total.p99Nanos(), t.maxP99(), ran));
    checks.add(new Check("success rate",
        ran ? percent(total.successPercent()) + " (" + total.errors() + " errors)" : "no operation ran",
        "> " + percent(t.minSuccessPercent()),
        ran && total.successPercent() > t.minSuccessPercent() ? Check.Verdict.PASS : Check.Verdict.FAIL));
    checks.add(hitRatio(outcome.cache(), t.minHitRatioPercent()));
    int bad = outcome.stuckUsers() + outcome.crashedUsers();
    String finished = bad == 0 ? "all " + plan.peakUsers() + " ended in time"
        : outcome.stuckUsers() + " stuck past the grace period, " + outcome.crashedUsers() + " crashed";
    checks.add(new Check("users finished", finished, "all in time", bad == 0 ? Check.Verdict.PASS : Check.Verdict.FAIL));
    return List.copyOf(checks);
  }

  private static Check latency(String name, double nanos, Duration limit, boolean ran) {
    return new Check(name, ran ? millis(nanos) : "no operation ran", "< " + duration(limit),
        ran && nanos < limit.toNanos() ? Check.Verdict.PASS : Check.Verdict.FAIL);
  }

  private static Check hitRatio(@Nullable CacheHits cache, double minPercent) {
    String limit = "> " + percent(minPercent);
    if (cache == null) {
      return new Check("cache hit ratio", "not applicable: the store is not tiered", limit, Check.Verdict.NOT_APPLICABLE);
    }
    if (cache.reads() == 0) {
      return new Check("cache hit ratio", "not applicable: no reads reached tier " + cache.tier(), limit,
          Check.Verdict.NOT_APPLICABLE);
    }
    double ratio = 100 * cache.ratio();
    return new Check("cache hit ratio", percent(ratio) + " of " + cache.reads() + " reads on tier " + cache.tier(), limit,
        ratio > minPercent ? Check.Verdict.PASS : Check.Verdict.FAIL);
  }

  /** Nanoseconds as milliseconds with three decimals: {@code 0.042 ms}. */
  static String millis(double nanos) {
    return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
  }

  /** A number of milliseconds with three decimals, no unit. */
  static String millisNumber(double nanos) {
    return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
  }

  /** A percentage with two decimals, or more when two would round a failure to 100.00 %. */
  static String percent(double value) {
    String text = String.format(Locale.ROOT, "%.2f %%", value);
    return value < 100 && text.startsWith("100.") ? String.format(Locale.ROOT, "%.4f %%", Math.floor(value * 1e4) / 1e4)
        : text;
  }

  /** A duration as the command line takes it: {@code 500ms}, {@code 5s}, {@code 30m}. */
  static String duration(Duration d) {
    long nanos = d.toNanos();
    if (nanos % 1_000_000 != 0) {
      return String.format(Locale.ROOT, "%.3fms", nanos / 1e6).replaceAll("\\.?0+ms$", "ms");
    }
    long ms = d.toMillis();
    if (ms == 0 || ms % 1000 != 0) {
      return ms + "ms";
    }
    long s = ms / 1000;
    if (s % 3600 == 0) {
      return s / 3600 + "h";
    }
    if (s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }

  /** One line describing the load: users, ramp-up, duration, think time, spike. */
  String loadLine() {
    StringBuilder line = new StringBuilder()
        .append(plan.users()).append(" users, ramp-up ").append(duration(plan.rampUp()))
        .append(", duration ").append(duration(plan.duration()))
        .append(", think ").append(duration(plan.think()));
    if (plan.hasSpike()) {
      line.append(", spike to ").append(plan.spikeUsers()).append(" users from ").append(duration(plan.spikeStart()))
          .append(" to ").append(duration(plan.spikeEnd()));
    }
    return line.toString();
  }
}
