package io.github.sessionkit.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * Grades a run against its {@link Thresholds}: latency (average, p95, p99), success rate, the cache
 * hit ratio, cross-node checks and whether every user finished, each failure with a one-line reason
 * pointing at its source (the slowest action, the worst second, the most frequent error, the first
 * failed probe). Immutable.
 */
final class Grading {

  private final LoadReport.Summary total;
  private final List<LoadReport.Summary> actions;
  private final List<LoadReport.Second> timeline;
  private final Map<String, Long> errors;
  private final Thresholds thresholds;

  /**
   * @param total all operations together
   * @param actions every action of every scenario, named {@code check in heavy-use}
   * @param timeline the run's seconds
   * @param errors error descriptions and counts, most frequent first
   */
  Grading(
      LoadReport.Summary total,
      List<LoadReport.Summary> actions,
      List<LoadReport.Second> timeline,
      Map<String, Long> errors,
      Thresholds thresholds) {
    this.total = total;
    this.actions = actions;
    this.timeline = timeline;
    this.errors = errors;
    this.thresholds = thresholds;
  }

  List<Check> grade(LoadRunner.Outcome outcome, List<LoadReport.CrossNode> crossNode) {
    List<Check> checks = new ArrayList<>();
    checks.add(
        latency(
            "average latency",
            "average",
            LoadReport.Summary::meanNanos,
            thresholds.maxAverage(),
            null));
    checks.add(
        latency(
            "p95 latency",
            "p95",
            s -> s.p95Nanos(),
            thresholds.maxP95(),
            LoadReport.Second::p95Nanos));
    checks.add(
        latency(
            "p99 latency",
            "p99",
            s -> s.p99Nanos(),
            thresholds.maxP99(),
            LoadReport.Second::p99Nanos));
    checks.add(successRate());
    checks.add(hitRatio(outcome.cache(), outcome.noCacheReason()));
    checks.addAll(crossNode(crossNode));
    checks.add(usersFinished(outcome));
    return List.copyOf(checks);
  }

  private Check latency(
      String name,
      String metric,
      ToDoubleFunction<LoadReport.Summary> value,
      Duration limit,
      @Nullable ToDoubleFunction<LoadReport.Second> perSecond) {
    String threshold = "< " + LoadReport.duration(limit);
    if (total.count() == 0) {
      return new Check(
          name,
          "no operation ran",
          threshold,
          Check.Verdict.FAIL,
          "no operation ran: see the errors");
    }
    double measured = value.applyAsDouble(total);
    if (measured < limit.toNanos()) {
      return new Check(name, LoadReport.millis(measured), threshold, Check.Verdict.PASS);
    }
    LoadReport.Summary slowest =
        actions.stream().max(Comparator.comparingDouble(value)).orElse(total);
    StringBuilder reason =
        new StringBuilder("slowest action: ")
            .append(slowest.name())
            .append(" (")
            .append(metric)
            .append(' ')
            .append(LoadReport.millis(value.applyAsDouble(slowest)))
            .append(')');
    if (perSecond != null) {
      timeline.stream()
          .filter(s -> s.operations() > 0)
          .max(Comparator.comparingDouble(perSecond))
          .ifPresent(
              worst ->
                  reason
                      .append("; worst second: ")
                      .append(worst.second())
                      .append(" s (")
                      .append(metric)
                      .append(' ')
                      .append(LoadReport.millis(perSecond.applyAsDouble(worst)))
                      .append(')'));
    }
    return new Check(
        name, LoadReport.millis(measured), threshold, Check.Verdict.FAIL, reason.toString());
  }

  private Check successRate() {
    String threshold = "> " + LoadReport.percent(thresholds.minSuccessPercent());
    if (total.count() == 0) {
      return new Check(
          "success rate",
          "no operation ran",
          threshold,
          Check.Verdict.FAIL,
          "no operation ran: see the errors");
    }
    String actual = LoadReport.percent(total.successPercent()) + " (" + total.errors() + " errors)";
    if (total.successPercent() > thresholds.minSuccessPercent()) {
      return new Check("success rate", actual, threshold, Check.Verdict.PASS);
    }
    StringBuilder reason = new StringBuilder();
    errors.entrySet().stream()
        .findFirst()
        .ifPresent(
            e ->
                reason
                    .append("most frequent: ")
                    .append(e.getKey())
                    .append(" (")
                    .append(String.format(Locale.ROOT, "%,d", e.getValue()))
                    .append(')'));
    int first = -1;
    int last = -1;
    for (LoadReport.Second s : timeline) {
      if (s.errors() > 0) {
        first = first < 0 ? s.second() : first;
        last = s.second();
      }
    }
    if (first >= 0) {
      reason
          .append(reason.length() > 0 ? "; " : "")
          .append("errors from second ")
          .append(first)
          .append(" to ")
          .append(last);
    }
    return new Check("success rate", actual, threshold, Check.Verdict.FAIL, reason.toString());
  }

  private Check hitRatio(@Nullable CacheHits cache, String noCacheReason) {
    String threshold = "> " + LoadReport.percent(thresholds.minHitRatioPercent());
    if (cache == null) {
      return new Check(
          "cache hit ratio",
          "not applicable: " + noCacheReason,
          threshold,
          Check.Verdict.NOT_APPLICABLE);
    }
    if (cache.reads() == 0) {
      return new Check(
          "cache hit ratio",
          "not applicable: no reads reached tier " + cache.tier(),
          threshold,
          Check.Verdict.NOT_APPLICABLE);
    }
    double ratio = 100 * cache.ratio();
    String actual =
        LoadReport.percent(ratio) + " of " + cache.reads() + " reads on tier " + cache.tier();
    return ratio > thresholds.minHitRatioPercent()
        ? new Check("cache hit ratio", actual, threshold, Check.Verdict.PASS)
        : new Check(
            "cache hit ratio",
            actual,
            threshold,
            Check.Verdict.FAIL,
            (cache.reads() - cache.hits())
                + " reads missed tier "
                + cache.tier()
                + " and went to a slower tier");
  }

  private static List<Check> crossNode(List<LoadReport.CrossNode> crossNode) {
    if (crossNode.isEmpty()) {
      return List.of(
          new Check(
              "cross-node",
              "not applicable: one target, no other node to compare",
              "every probe holds",
              Check.Verdict.NOT_APPLICABLE));
    }
    List<Check> checks = new ArrayList<>();
    for (LoadReport.CrossNode c : crossNode) {
      String name = "cross-node: " + c.name();
      if (c.runs() == 0) {
        checks.add(
            new Check(
                name,
                "no probe ran",
                "every probe holds",
                Check.Verdict.FAIL,
                "no probe got as far: their logins failed (see the errors)"));
      } else if (c.failures() == 0) {
        checks.add(
            new Check(
                name,
                "held in "
                    + c.runs()
                    + " of "
                    + c.runs()
                    + " probes"
                    + (c.note().isEmpty() ? "" : ", " + c.note()),
                "every probe holds",
                Check.Verdict.PASS));
      } else {
        checks.add(
            new Check(
                name,
                "failed in " + c.failures() + " of " + c.runs() + " probes",
                "every probe holds",
                Check.Verdict.FAIL,
                "first failure: " + c.firstFailure()));
      }
    }
    return checks;
  }

  private static Check usersFinished(LoadRunner.Outcome outcome) {
    int bad = outcome.stuckUsers() + outcome.crashedUsers();
    if (bad == 0) {
      return new Check("users finished", "all ended in time", "all in time", Check.Verdict.PASS);
    }
    String actual =
        outcome.stuckUsers()
            + " stuck past the grace period, "
            + outcome.crashedUsers()
            + " crashed";
    String reason =
        outcome.firstCrash() != null
            ? "a bug of the load tool: " + outcome.firstCrash()
            : "a call that never returned: a request or store call without a timeout";
    return new Check("users finished", actual, "all in time", Check.Verdict.FAIL, reason);
  }
}
