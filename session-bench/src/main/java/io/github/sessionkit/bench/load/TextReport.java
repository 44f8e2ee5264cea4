package io.github.sessionkit.bench.load;

import java.util.Locale;
import java.util.Map;

/**
 * The terminal summary of a {@link LoadReport}: the run, a table per scenario and per action,
 * cross-node checks, errors, the grading with a reason for each failure.
 */
final class TextReport {

  private static final String ROW = "%-22s %10s %7s %9s %9s %9s %9s %9s %9s%n";

  private TextReport() {}

  static String render(LoadReport report) {
    StringBuilder out = new StringBuilder();
    out.append("sessionkit load test: scenario ")
        .append(report.plan().scenario().label())
        .append(", profile ")
        .append(report.profile())
        .append('\n');
    out.append(report.target()).append('\n');
    out.append(report.loadLine()).append('\n');
    out.append(
        String.format(
            Locale.ROOT,
            "ran %.1f s: %,d operations, %,.0f ops/s, %,d errors%n",
            report.elapsedNanos() / 1e9,
            report.total().count(),
            report.throughput(),
            report.total().errors()));
    out.append('\n');
    out.append(
        String.format(
            Locale.ROOT,
            ROW,
            "action",
            "count",
            "errors",
            "ops/s",
            "avg ms",
            "p50 ms",
            "p95 ms",
            "p99 ms",
            "max ms"));
    for (LoadReport.Summary s : report.operations()) {
      row(out, report, s, "");
    }
    row(out, report, report.total(), "");
    if (!report.scenarios().isEmpty()) {
      out.append("\nper scenario\n");
      for (LoadReport.ScenarioSummary scenario : report.scenarios()) {
        row(out, report, scenario.total(), "");
        for (LoadReport.Summary action : scenario.actions()) {
          row(out, report, action, "  ");
        }
      }
    }
    if (!report.crossNode().isEmpty()) {
      out.append("\ncross-node checks\n");
      for (LoadReport.CrossNode c : report.crossNode()) {
        out.append(
            String.format(
                Locale.ROOT,
                "  %-50s %,d probes, %,d failed%s%s%n",
                c.name(),
                c.runs(),
                c.failures(),
                c.note().isEmpty() ? "" : ", " + c.note(),
                c.firstFailure() == null ? "" : "; first: " + c.firstFailure()));
      }
    }
    if (!report.errors().isEmpty()) {
      out.append("\nerrors, most frequent first\n");
      for (Map.Entry<String, Long> e : report.errors().entrySet()) {
        out.append(String.format(Locale.ROOT, "  %,10d  %s%n", e.getValue(), e.getKey()));
      }
    }
    out.append("\ngrading\n");
    int nameWidth = report.checks().stream().mapToInt(c -> c.name().length()).max().orElse(0);
    int limitWidth = report.checks().stream().mapToInt(c -> c.limit().length()).max().orElse(0);
    String line = "  %-4s  %-" + nameWidth + "s  %-" + limitWidth + "s  %s%n";
    for (Check c : report.checks()) {
      out.append(
          String.format(Locale.ROOT, line, c.verdict().label(), c.name(), c.limit(), c.actual()));
      if (!c.reason().isEmpty()) {
        out.append("        why: ").append(c.reason()).append('\n');
      }
    }
    out.append(report.passed() ? "RESULT: PASS\n" : "RESULT: FAIL\n");
    return out.toString();
  }

  private static void row(
      StringBuilder out, LoadReport report, LoadReport.Summary s, String indent) {
    out.append(
        String.format(
            Locale.ROOT,
            ROW,
            indent + s.name(),
            String.format(Locale.ROOT, "%,d", s.count()),
            String.format(Locale.ROOT, "%,d", s.errors()),
            String.format(Locale.ROOT, "%,.0f", report.throughput(s)),
            LoadReport.millisNumber(s.meanNanos()),
            LoadReport.millisNumber(s.p50Nanos()),
            LoadReport.millisNumber(s.p95Nanos()),
            LoadReport.millisNumber(s.p99Nanos()),
            LoadReport.millisNumber(s.maxNanos())));
  }
}
