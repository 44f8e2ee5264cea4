package io.github.sessionkit.bench.load;

import java.util.Locale;
import java.util.Map;

/** The terminal summary of a {@link LoadReport}: the run, a table per operation, errors, the grading. */
final class TextReport {

  private TextReport() {}

  static String render(LoadReport report) {
    StringBuilder out = new StringBuilder();
    out.append("sessionkit load test: scenario ").append(report.plan().scenario().label())
        .append(", profile ").append(report.profile()).append('\n');
    out.append("store ").append(report.store()).append(", tenant ").append(report.tenant()).append('\n');
    out.append(report.loadLine()).append('\n');
    out.append(String.format(Locale.ROOT, "ran %.1f s: %,d operations, %,.0f ops/s, %,d errors%n",
        report.elapsedNanos() / 1e9, report.total().count(), report.throughput(), report.total().errors()));
    out.append('\n');
    out.append(String.format(Locale.ROOT, "%-10s %12s %8s %10s %10s %10s %10s %10s%n",
        "operation", "count", "errors", "avg ms", "p50 ms", "p95 ms", "p99 ms", "max ms"));
    for (LoadReport.Summary s : report.operations()) {
      row(out, s);
    }
    row(out, report.total());
    if (!report.errors().isEmpty()) {
      out.append("\nerrors, most frequent first\n");
      for (Map.Entry<String, Long> e : report.errors().entrySet()) {
        out.append(String.format(Locale.ROOT, "  %,10d  %s%n", e.getValue(), e.getKey()));
      }
    }
    out.append("\ngrading\n");
    for (Check c : report.checks()) {
      out.append(String.format(Locale.ROOT, "  %-4s  %-16s %-12s %s%n", c.verdict().label(), c.name(), c.limit(),
          c.actual()));
    }
    out.append(report.passed() ? "RESULT: PASS\n" : "RESULT: FAIL\n");
    return out.toString();
  }

  private static void row(StringBuilder out, LoadReport.Summary s) {
    out.append(String.format(Locale.ROOT, "%-10s %,12d %,8d %10s %10s %10s %10s %10s%n", s.name(), s.count(),
        s.errors(), LoadReport.millisNumber(s.meanNanos()), LoadReport.millisNumber(s.p50Nanos()),
        LoadReport.millisNumber(s.p95Nanos()), LoadReport.millisNumber(s.p99Nanos()),
        LoadReport.millisNumber(s.maxNanos())));
  }
}
