package io.github.sessionkit.bench.load;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * The results of a run, graded: what the text, HTML and JSON reports show.
 *
 * @param profile the profile's name
 * @param plan what ran
 * @param target what was loaded: the store and tenant, or the URLs
 * @param parameters the run's settings as given or resolved, name to value, for the reader
 * @param startedAt wall-clock start, for the reader
 * @param elapsedNanos how long the run took, users joined
 * @param scenarios one summary per scenario that ran, each with its actions
 * @param operations one summary per operation that ran, all scenarios together, in {@link
 *     Operation} order
 * @param total all operations together
 * @param timeline one point per second of the run
 * @param errors error descriptions and counts, most frequent first
 * @param crossNode the cross-node checks, empty when the target has one node
 * @param checks the grading
 */
record LoadReport(
    String profile,
    LoadPlan plan,
    String target,
    Map<String, String> parameters,
    Instant startedAt,
    long elapsedNanos,
    List<ScenarioSummary> scenarios,
    List<Summary> operations,
    Summary total,
    List<Second> timeline,
    Map<String, Long> errors,
    List<CrossNode> crossNode,
    List<Check> checks) {

  /** Latencies (nanoseconds) of one operation, of one scenario, or of all. */
  record Summary(
      String name,
      long count,
      long errors,
      double meanNanos,
      long p50Nanos,
      long p95Nanos,
      long p99Nanos,
      long maxNanos) {

    static Summary of(String name, Histogram h, long errors) {
      if (h.getTotalCount() == 0) {
        return new Summary(name, 0, errors, 0, 0, 0, 0, 0);
      }
      return new Summary(
          name,
          h.getTotalCount(),
          errors,
          h.getMean(),
          h.getValueAtPercentile(50),
          h.getValueAtPercentile(95),
          h.getValueAtPercentile(99),
          h.getMaxValue());
    }

    /** Share of operations that succeeded, in percent; 0 when none ran. */
    double successPercent() {
      return count == 0 ? 0 : 100.0 * (count - errors) / count;
    }
  }

  /**
   * One scenario: its actions, and all of them together.
   *
   * @param name the scenario's label
   * @param total its actions together
   * @param actions one summary per action that ran in it
   */
  record ScenarioSummary(String name, Summary total, List<Summary> actions) {}

  /**
   * One second of the run: operations that ended in it, their latencies, active users, failed
   * cross-node checks, and the timeline header's values seen.
   */
  record Second(
      int second,
      long operations,
      long errors,
      long p50Nanos,
      long p95Nanos,
      long p99Nanos,
      int users,
      long crossNodeFailures,
      Map<String, Long> marks) {}

  /**
   * One cross-node check over the run.
   *
   * @param name what is checked
   * @param runs how often
   * @param failures how often it did not hold
   * @param firstFailure what the first failure saw, or null
   * @param note what else the check measured (the slowest refusal after a logout), or empty
   */
  record CrossNode(
      String name, long runs, long failures, @Nullable String firstFailure, String note) {}

  /** Whether no check failed. */
  boolean passed() {
    return checks.stream().noneMatch(c -> c.verdict() == Check.Verdict.FAIL);
  }

  /** Operations per second over the run (ramp-up included). */
  double throughput() {
    return throughput(total);
  }

  /** Operations per second of one summary over the run. */
  double throughput(Summary summary) {
    long nanos = Math.max(1, Math.min(elapsedNanos, plan.duration().toNanos()));
    return summary.count() * 1e9 / nanos;
  }

  static LoadReport of(
      String profile,
      LoadPlan plan,
      String target,
      Map<String, String> parameters,
      Instant startedAt,
      LoadRunner.Outcome outcome,
      Thresholds thresholds) {
    LatencyRecorder recorder = outcome.recorder();
    List<ScenarioSummary> scenarios = new ArrayList<>();
    List<Summary> actions = new ArrayList<>();
    Map<Operation, Histogram> byOperation = new LinkedHashMap<>();
    Map<Operation, Long> errorsByOperation = new LinkedHashMap<>();
    Histogram all = new Histogram(LatencyRecorder.RUN_DIGITS);
    long allErrors = 0;
    for (Scenario scenario : Scenario.values()) {
      Histogram scenarioAll = new Histogram(LatencyRecorder.RUN_DIGITS);
      long scenarioErrors = 0;
      List<Summary> scenarioActions = new ArrayList<>();
      for (Operation op : Operation.values()) {
        Histogram h = recorder.histogram(scenario, op);
        if (h.getTotalCount() == 0) {
          continue;
        }
        long errors = recorder.errors(scenario, op);
        Summary action = Summary.of(op.label(), h, errors);
        scenarioActions.add(action);
        actions.add(
            new Summary(
                op.label() + " in " + scenario.label(),
                action.count(),
                action.errors(),
                action.meanNanos(),
                action.p50Nanos(),
                action.p95Nanos(),
                action.p99Nanos(),
                action.maxNanos()));
        scenarioAll.add(h);
        byOperation.computeIfAbsent(op, o -> new Histogram(LatencyRecorder.RUN_DIGITS)).add(h);
        errorsByOperation.merge(op, errors, Long::sum);
        scenarioErrors += errors;
      }
      if (!scenarioActions.isEmpty()) {
        scenarios.add(
            new ScenarioSummary(
                scenario.label(),
                Summary.of(scenario.label(), scenarioAll, scenarioErrors),
                List.copyOf(scenarioActions)));
        all.add(scenarioAll);
        allErrors += scenarioErrors;
      }
    }
    List<Summary> operations = new ArrayList<>();
    for (Operation op : Operation.values()) {
      Histogram h = byOperation.get(op);
      if (h != null) {
        operations.add(Summary.of(op.label(), h, errorsByOperation.get(op)));
      }
    }
    Summary total = Summary.of("all", all, allErrors);
    CrossNodeRecorder crossRecorder = outcome.crossNode();
    List<Second> timeline = new ArrayList<>();
    for (int s = 0; s < recorder.seconds(); s++) {
      LatencyRecorder.SecondFigures f = recorder.second(s);
      timeline.add(
          new Second(
              s,
              f.operations(),
              f.errors(),
              f.p50Nanos(),
              f.p95Nanos(),
              f.p99Nanos(),
              recorder.usersInSecond(s),
              crossRecorder == null ? 0 : crossRecorder.failuresInSecond(s),
              recorder.marksInSecond(s)));
    }
    Map<String, Long> errors = recorder.errorKinds();
    if (outcome.firstCrash() != null) {
      errors = new LinkedHashMap<>(errors);
      errors.put(
          "virtual user ended by a bug of the load tool: " + outcome.firstCrash(),
          (long) outcome.crashedUsers());
    }
    List<CrossNode> crossNode = new ArrayList<>();
    if (crossRecorder != null) {
      for (CrossNodeRecorder.Check c : CrossNodeRecorder.Check.values()) {
        String note =
            c == CrossNodeRecorder.Check.LOGOUT_HONOURED && crossRecorder.runs(c) > 0
                ? "slowest refusal "
                    + millis(crossRecorder.slowestRefusalNanos())
                    + " after the logout"
                : "";
        crossNode.add(
            new CrossNode(
                c.label(),
                crossRecorder.runs(c),
                crossRecorder.failures(c),
                crossRecorder.firstFailure(c),
                note));
      }
    }
    Grading grading =
        new Grading(total, List.copyOf(actions), List.copyOf(timeline), errors, thresholds);
    return new LoadReport(
        profile,
        plan,
        target,
        Collections.unmodifiableMap(new LinkedHashMap<>(parameters)),
        startedAt,
        outcome.elapsedNanos(),
        List.copyOf(scenarios),
        List.copyOf(operations),
        total,
        List.copyOf(timeline),
        Collections.unmodifiableMap(new LinkedHashMap<>(errors)),
        List.copyOf(crossNode),
        grading.grade(outcome, crossNode));
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
    return value < 100 && text.startsWith("100.")
        ? String.format(Locale.ROOT, "%.4f %%", Math.floor(value * 1e4) / 1e4)
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
    StringBuilder line =
        new StringBuilder()
            .append(plan.users())
            .append(" users, ramp-up ")
            .append(duration(plan.rampUp()))
            .append(", duration ")
            .append(duration(plan.duration()))
            .append(", think ")
            .append(duration(plan.think()));
    if (plan.hasSpike()) {
      line.append(", spike to ")
          .append(plan.spikeUsers())
          .append(" users from ")
          .append(duration(plan.spikeStart()))
          .append(" to ")
          .append(duration(plan.spikeEnd()));
    }
    return line.toString();
  }
}
