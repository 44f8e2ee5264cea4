package io.github.sessionkit.bench.load;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link LoadReport} as one self-contained HTML page: inline CSS, inline SVG charts (the timeline
 * header's values, latency percentiles, throughput, errors and cross-node failures, users per
 * second) and the tables of the text report plus the run's parameters. It references no script,
 * style sheet, font or image outside itself, so it can be archived as a CI artifact and opened
 * anywhere.
 */
final class HtmlReport {

  private static final String STYLE =
      """
      body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 960px; color: #222; }
      h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 1.8em; }
      table { border-collapse: collapse; margin: .5em 0; }
      th, td { padding: .25em .7em; border-bottom: 1px solid #ddd; text-align: right; white-space: nowrap; }
      td.text, td:first-child { white-space: normal; }
      th:first-child, td:first-child { text-align: left; }
      td.text, th.text { text-align: left; }
      tr.total td { font-weight: bold; }
      .PASS { color: #1a7f37; font-weight: bold; } .FAIL { color: #cf222e; font-weight: bold; }
      .NA { color: #777; font-weight: bold; }
      .meta { color: #555; }
      svg.chart { width: 100%; height: auto; background: #fafafa; border: 1px solid #eee; }
      svg .grid { stroke: #e4e4e4; } svg .axis { stroke: #888; }
      svg text { font-size: 11px; fill: #555; } svg .chart-title { font-size: 13px; fill: #222; }
      svg .legend { font-size: 12px; fill: #222; }
      """;

  private static final String SUMMARY_HEADER =
      "<tr><th>name</th><th>count</th><th>errors</th><th>success</th><th>ops/s</th><th>avg"
          + " ms</th><th>p50 ms</th><th>p95 ms</th><th>p99 ms</th><th>max ms</th></tr>\n";

  private HtmlReport() {}

  static String render(LoadReport report) {
    String verdict = report.passed() ? "PASS" : "FAIL";
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>sessionkit load test: ")
        .append(escape(report.plan().scenario().label()))
        .append(", ")
        .append(escape(report.profile()))
        .append(", ")
        .append(verdict)
        .append("</title>\n")
        .append("<style>\n")
        .append(STYLE)
        .append("</style>\n</head>\n<body>\n");
    html.append("<h1>sessionkit load test: <span class=\"")
        .append(verdict)
        .append("\">")
        .append(verdict)
        .append("</span></h1>\n");
    html.append("<p class=\"meta\">target <b>")
        .append(escape(report.target()))
        .append("</b><br>scenario <b>")
        .append(escape(report.plan().scenario().label()))
        .append("</b> (")
        .append(escape(report.plan().scenario().description()))
        .append(")<br>profile <b>")
        .append(escape(report.profile()))
        .append("</b>: ")
        .append(escape(report.loadLine()))
        .append("<br>started ")
        .append(
            DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
                report.startedAt().atOffset(ZoneOffset.UTC).withNano(0)))
        .append(" UTC, ran ")
        .append(
            String.format(
                Locale.ROOT,
                "%.1f s, %,d operations, %,.0f ops/s, %,d errors",
                report.elapsedNanos() / 1e9,
                report.total().count(),
                report.throughput(),
                report.total().errors()))
        .append("</p>\n");

    html.append(
        "<h2>Grading</h2>\n<table>\n<tr><th>check</th><th>result</th><th>threshold</th>"
            + "<th class=\"text\">measured</th><th class=\"text\">why</th></tr>\n");
    for (Check c : report.checks()) {
      String css = c.verdict() == Check.Verdict.NOT_APPLICABLE ? "NA" : c.verdict().label();
      html.append("<tr><td>")
          .append(escape(c.name()))
          .append("</td><td class=\"")
          .append(css)
          .append("\">")
          .append(c.verdict().label())
          .append("</td><td>")
          .append(escape(c.limit()))
          .append("</td><td class=\"text\">")
          .append(escape(c.actual()))
          .append("</td><td class=\"text\">")
          .append(escape(c.reason()))
          .append("</td></tr>\n");
    }
    html.append("</table>\n");

    List<LoadReport.Second> timeline = report.timeline();
    html.append("<h2>Timeline</h2>\n");
    List<String> marks =
        timeline.stream()
            .map(s -> s.marks().isEmpty() ? "" : s.marks().keySet().iterator().next())
            .toList();
    if (marks.stream().anyMatch(m -> !m.isEmpty())) {
      String header = report.parameters().getOrDefault("timeline header", "timeline header");
      html.append(SvgChart.band(header + ": the value most answers carried each second", marks));
    }
    html.append(
        SvgChart.render(
            "latency of the operations that ended each second",
            "ms",
            List.of(
                new SvgChart.Series("p50", "#2f81f7", latency(timeline, 50)),
                new SvgChart.Series("p95", "#d29922", latency(timeline, 95)),
                new SvgChart.Series("p99", "#cf222e", latency(timeline, 99)))));
    List<SvgChart.Series> throughput =
        new ArrayList<>(
            List.of(
                new SvgChart.Series(
                    "operations",
                    "#2f81f7",
                    timeline.stream().mapToDouble(s -> s.operations()).toArray()),
                new SvgChart.Series(
                    "errors",
                    "#cf222e",
                    timeline.stream().mapToDouble(s -> s.errors()).toArray())));
    if (!report.crossNode().isEmpty()) {
      throughput.add(
          new SvgChart.Series(
              "cross-node failures",
              "#8250df",
              timeline.stream().mapToDouble(s -> s.crossNodeFailures()).toArray()));
    }
    html.append(SvgChart.render("operations per second", "ops/s", throughput));
    html.append(
        SvgChart.render(
            "active virtual users",
            "users",
            List.of(
                new SvgChart.Series(
                    "users", "#8250df", timeline.stream().mapToDouble(s -> s.users()).toArray()))));

    html.append("<h2>Actions</h2>\n<table>\n").append(SUMMARY_HEADER);
    for (LoadReport.Summary s : report.operations()) {
      summaryRow(html, report, s, "");
    }
    summaryRow(html, report, report.total(), " class=\"total\"");
    html.append("</table>\n");

    html.append("<h2>Scenarios</h2>\n<table>\n").append(SUMMARY_HEADER);
    for (LoadReport.ScenarioSummary scenario : report.scenarios()) {
      summaryRow(html, report, scenario.total(), " class=\"total\"");
      for (LoadReport.Summary action : scenario.actions()) {
        summaryRow(html, report, action, "");
      }
    }
    html.append("</table>\n");

    html.append("<h2>Cross-node checks</h2>\n");
    if (report.crossNode().isEmpty()) {
      html.append("<p>none: one target, no other node to compare</p>\n");
    } else {
      html.append(
          "<table>\n"
              + "<tr><th>check</th><th>probes</th><th>failed</th><th"
              + " class=\"text\">measured</th><th class=\"text\">first failure</th></tr>\n");
      for (LoadReport.CrossNode c : report.crossNode()) {
        html.append("<tr><td>")
            .append(escape(c.name()))
            .append("</td><td>")
            .append(c.runs())
            .append("</td><td>")
            .append(c.failures())
            .append("</td><td class=\"text\">")
            .append(escape(c.note()))
            .append("</td><td class=\"text\">")
            .append(escape(c.firstFailure() == null ? "" : c.firstFailure()))
            .append("</td></tr>\n");
      }
      html.append("</table>\n");
    }

    html.append("<h2>Errors</h2>\n");
    if (report.errors().isEmpty()) {
      html.append("<p>none</p>\n");
    } else {
      html.append("<table>\n<tr><th class=\"text\">error</th><th>count</th></tr>\n");
      for (Map.Entry<String, Long> e : report.errors().entrySet()) {
        html.append("<tr><td class=\"text\">")
            .append(escape(e.getKey()))
            .append("</td><td>")
            .append(String.format(Locale.ROOT, "%,d", e.getValue()))
            .append("</td></tr>\n");
      }
      html.append("</table>\n");
    }

    html.append("<h2>Run parameters</h2>\n<table>\n");
    for (Map.Entry<String, String> p : report.parameters().entrySet()) {
      html.append("<tr><td>")
          .append(escape(p.getKey()))
          .append("</td><td class=\"text\">")
          .append(escape(p.getValue()))
          .append("</td></tr>\n");
    }
    html.append("</table>\n");

    html.append("<h2>Per second</h2>\n<details><summary>")
        .append(timeline.size())
        .append(" seconds</summary>\n")
        .append(
            "<table>\n"
                + "<tr><th>second</th><th>operations</th><th>errors</th><th>p50 ms</th><th>p95"
                + " ms</th><th>p99 ms</th><th>users</th><th>cross-node failures</th><th"
                + " class=\"text\">timeline header</th></tr>\n");
    for (LoadReport.Second s : timeline) {
      html.append("<tr><td>")
          .append(s.second())
          .append("</td><td>")
          .append(s.operations())
          .append("</td><td>")
          .append(s.errors())
          .append("</td><td>")
          .append(LoadReport.millisNumber(s.p50Nanos()))
          .append("</td><td>")
          .append(LoadReport.millisNumber(s.p95Nanos()))
          .append("</td><td>")
          .append(LoadReport.millisNumber(s.p99Nanos()))
          .append("</td><td>")
          .append(s.users())
          .append("</td><td>")
          .append(s.crossNodeFailures())
          .append("</td><td class=\"text\">")
          .append(escape(marks(s.marks())))
          .append("</td></tr>\n");
    }
    html.append("</table>\n</details>\n");
    html.append(
        "<p class=\"meta\">Made by io.github.sessionkit.bench.load.LoadTest. Latencies are"
            + " HdrHistograms: run totals within 0.1 %, seconds within 1 %. A JSON file with the"
            + " same figures lies beside this page.</p>\n");
    html.append("</body>\n</html>\n");
    return html.toString();
  }

  private static String marks(Map<String, Long> marks) {
    StringBuilder text = new StringBuilder();
    marks.forEach(
        (value, count) ->
            text.append(text.length() > 0 ? ", " : "").append(value).append(' ').append(count));
    return text.toString();
  }

  private static double[] latency(List<LoadReport.Second> timeline, int percentile) {
    double[] values = new double[timeline.size()];
    for (int i = 0; i < values.length; i++) {
      LoadReport.Second s = timeline.get(i);
      long nanos = percentile == 50 ? s.p50Nanos() : percentile == 95 ? s.p95Nanos() : s.p99Nanos();
      values[i] = s.operations() == 0 ? Double.NaN : nanos / 1e6;
    }
    return values;
  }

  private static void summaryRow(
      StringBuilder html, LoadReport report, LoadReport.Summary s, String rowAttributes) {
    html.append("<tr")
        .append(rowAttributes)
        .append("><td>")
        .append(escape(s.name()))
        .append("</td><td>")
        .append(String.format(Locale.ROOT, "%,d", s.count()))
        .append("</td><td>")
        .append(String.format(Locale.ROOT, "%,d", s.errors()))
        .append("</td><td>")
        .append(LoadReport.percent(s.successPercent()))
        .append("</td><td>")
        .append(String.format(Locale.ROOT, "%,.1f", report.throughput(s)))
        .append("</td><td>")
        .append(LoadReport.millisNumber(s.meanNanos()))
        .append("</td><td>")
        .append(LoadReport.millisNumber(s.p50Nanos()))
        .append("</td><td>")
        .append(LoadReport.millisNumber(s.p95Nanos()))
        .append("</td><td>")
        .append(LoadReport.millisNumber(s.p99Nanos()))
        .append("</td><td>")
        .append(LoadReport.millisNumber(s.maxNanos()))
        .append("</td></tr>\n");
  }

  /** Text safe inside HTML elements and attribute values. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
