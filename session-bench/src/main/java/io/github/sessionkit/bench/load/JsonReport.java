package io.github.sessionkit.bench.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link LoadReport} as JSON, for machines (a CI gate, a trend over runs): the verdict, the
 * parameters, every summary in milliseconds, the cross-node checks, the grading with its reasons,
 * the errors and the timeline. Field names are stable; new ones may be added.
 */
final class JsonReport {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonReport() {}

  static String render(LoadReport report) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("passed", report.passed());
    out.put("scenario", report.plan().scenario().label());
    out.put("profile", report.profile());
    out.put("target", report.target());
    out.put("startedAt", report.startedAt().toString());
    out.put("elapsedSeconds", report.elapsedNanos() / 1e9);
    out.put("throughputPerSecond", report.throughput());
    out.put("parameters", report.parameters());
    out.put("total", summary(report, report.total()));
    out.put("actions", report.operations().stream().map(s -> summary(report, s)).toList());
    List<Map<String, Object>> scenarios = new ArrayList<>();
    for (LoadReport.ScenarioSummary scenario : report.scenarios()) {
      Map<String, Object> s = summary(report, scenario.total());
      s.put("actions", scenario.actions().stream().map(a -> summary(report, a)).toList());
      scenarios.add(s);
    }
    out.put("scenarios", scenarios);
    List<Map<String, Object>> crossNode = new ArrayList<>();
    for (LoadReport.CrossNode c : report.crossNode()) {
      Map<String, Object> check = new LinkedHashMap<>();
      check.put("check", c.name());
      check.put("probes", c.runs());
      check.put("failures", c.failures());
      check.put("firstFailure", c.firstFailure());
      check.put("note", c.note());
      crossNode.add(check);
    }
    out.put("crossNode", crossNode);
    List<Map<String, Object>> checks = new ArrayList<>();
    for (Check c : report.checks()) {
      Map<String, Object> check = new LinkedHashMap<>();
      check.put("name", c.name());
      check.put("verdict", c.verdict().name());
      check.put("limit", c.limit());
      check.put("measured", c.actual());
      check.put("reason", c.reason());
      checks.add(check);
    }
    out.put("grading", checks);
    out.put("errors", report.errors());
    List<Map<String, Object>> timeline = new ArrayList<>();
    for (LoadReport.Second s : report.timeline()) {
      Map<String, Object> second = new LinkedHashMap<>();
      second.put("second", s.second());
      second.put("operations", s.operations());
      second.put("errors", s.errors());
      second.put("p50Ms", s.p50Nanos() / 1e6);
      second.put("p95Ms", s.p95Nanos() / 1e6);
      second.put("p99Ms", s.p99Nanos() / 1e6);
      second.put("users", s.users());
      second.put("crossNodeFailures", s.crossNodeFailures());
      second.put("timelineHeader", s.marks());
      timeline.add(second);
    }
    out.put("timeline", timeline);
    try {
      return JSON.writeValueAsString(out) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "a report of plain maps and numbers must serialize: " + e.getMessage(), e);
    }
  }

  private static Map<String, Object> summary(LoadReport report, LoadReport.Summary s) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", s.name());
    out.put("count", s.count());
    out.put("errors", s.errors());
    out.put("successPercent", s.successPercent());
    out.put("throughputPerSecond", report.throughput(s));
    out.put("avgMs", s.meanNanos() / 1e6);
    out.put("p50Ms", s.p50Nanos() / 1e6);
    out.put("p95Ms", s.p95Nanos() / 1e6);
    out.put("p99Ms", s.p99Nanos() / 1e6);
    out.put("maxMs", s.maxNanos() / 1e6);
    return out;
  }
}
