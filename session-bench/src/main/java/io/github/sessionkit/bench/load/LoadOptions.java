package io.github.sessionkit.bench.load;

import io.github.sessionkit.spi.SessionKey;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;

/**
 * The command line, read by picocli ({@link LoadCommand}), checked and resolved against the chosen
 * profile. Every wrong argument is a {@link UsageException} naming the flag, echoing the value and
 * saying what is expected.
 *
 * @param help whether {@code --help} was asked for (nothing else is then done)
 * @param profile the profile's name
 * @param plan the run
 * @param tenant the tenant the run's sessions are made in (in process)
 * @param thresholds the grading limits
 * @param html where the HTML report goes
 * @param json where the JSON report goes
 * @param progress how progress is shown ({@code null} for auto: a bar on a terminal, lines
 *     elsewhere)
 * @param http how to reach the application over HTTP, or null for the in-process mode
 */
record LoadOptions(
    boolean help,
    String profile,
    LoadPlan plan,
    String tenant,
    Thresholds thresholds,
    Path html,
    Path json,
    ProgressPrinter.@Nullable Mode progress,
    @Nullable HttpPlan http) {

  static final int MAX_USERS = 10_000;
  static final String DEFAULT_TENANT = "loadtest";

  static LoadOptions parse(List<String> args) throws UsageException {
    LoadCommand command = new LoadCommand();
    CommandLine line = LoadCommand.commandLine(command);
    try {
      line.parseArgs(args.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      if (line.isUsageHelpRequested()) {
        return from(new LoadCommand(), true);
      }
      throw new UsageException(e.getMessage());
    }
    return from(command, command.help);
  }

  private static LoadOptions from(LoadCommand c, boolean help) throws UsageException {
    int users = c.users != null ? range("--users", c.users, 1, MAX_USERS) : c.profile.users();
    Integer spikeUsers =
        c.spikeUsers != null ? range("--spike-users", c.spikeUsers, 1, MAX_USERS) : null;
    range("--hot-sessions", c.hotSessions, 1, MAX_USERS);
    if (c.duration != null && c.duration.isZero()) {
      throw new UsageException("--duration '0s' is out of range: expected a positive duration");
    }
    if (!SessionKey.isValidTenant(c.tenant)) {
      throw new UsageException(
          "--tenant '"
              + c.tenant
              + "' is not valid: expected 1 to 64 characters of [A-Za-z0-9_.-] starting with a"
              + " letter or digit");
    }
    if (c.html.toString().isBlank()) {
      throw new UsageException("--html needs a file name");
    }
    ProgressPrinter.Mode progress =
        switch (c.progress) {
          case "auto" -> null;
          case "bar" -> ProgressPrinter.Mode.BAR;
          case "lines" -> ProgressPrinter.Mode.LINES;
          case "off" -> ProgressPrinter.Mode.OFF;
          default ->
              throw new UsageException(
                  "--progress '" + c.progress + "' is not valid: expected auto, bar, lines or off");
        };
    LoadPlan plan =
        resolve(
            c.scenario, c.profile, users, c.duration, c.ramp, c.think, spikeUsers, c.hotSessions);
    Thresholds thresholds =
        new Thresholds(c.maxAverage, c.maxP95, c.maxP99, c.minSuccess, c.minHitRatio);
    Path json = c.json != null ? c.json : besideHtml(c.html);
    return new LoadOptions(
        help,
        c.profile.label(),
        plan,
        c.tenant,
        thresholds,
        c.html,
        json,
        progress,
        c.targets.isEmpty() ? null : http(c));
  }

  private static HttpPlan http(LoadCommand c) throws UsageException {
    for (URI target : c.targets) {
      String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https"))
          || target.getHost() == null
          || target.getRawQuery() != null
          || target.getRawFragment() != null) {
        throw new UsageException(
            "--target '"
                + target
                + "' is not valid: expected http://host:port or https://host:port (an optional base"
                + " path, no query), several separated by commas");
      }
    }
    for (Map.Entry<String, String> path :
        Map.of(
                "--login-path",
                c.loginPath,
                "--check-path",
                c.checkPath,
                "--refresh-path",
                c.refreshPath,
                "--api-path",
                c.apiPath,
                "--logout-path",
                c.logoutPath)
            .entrySet()) {
      if (!path.getValue().startsWith("/") || path.getValue().contains("://")) {
        throw new UsageException(
            path.getKey()
                + " '"
                + path.getValue()
                + "' is not valid: expected a path such as"
                + " /api/session, below each target");
      }
    }
    if (c.timeout.isZero()) {
      throw new UsageException("--timeout '0s' is out of range: expected a positive duration");
    }
    if (c.auth == HttpPlan.Auth.BEARER && !c.tokenHeader.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
      throw new UsageException("--token-header '" + c.tokenHeader + "' is not a header name");
    }
    String timelineHeader =
        c.timelineHeader.equalsIgnoreCase("none") || c.timelineHeader.isBlank()
            ? null
            : c.timelineHeader;
    return new HttpPlan(
        c.targets,
        new HttpPlan.Paths(c.loginPath, c.checkPath, c.refreshPath, c.apiPath, c.logoutPath),
        c.loginBody,
        c.auth,
        c.tokenHeader,
        timelineHeader,
        c.timeout,
        c.probeInterval,
        c.logoutWindow);
  }

  private static int range(String flag, int value, int min, int max) throws UsageException {
    if (value < min || value > max) {
      throw new UsageException(
          flag
              + " '"
              + value
              + "' is out of range: expected a whole number from "
              + min
              + " to "
              + max);
    }
    return value;
  }

  /** {@code report.html} to {@code report.json}, in the same directory. */
  static Path besideHtml(Path html) {
    String name = html.getFileName().toString();
    String base =
        name.toLowerCase(Locale.ROOT).endsWith(".html")
            ? name.substring(0, name.length() - 5)
            : name.toLowerCase(Locale.ROOT).endsWith(".htm")
                ? name.substring(0, name.length() - 4)
                : name;
    return html.resolveSibling(base + ".json");
  }

  /** The profile's values, overridden by the flags given (null when not given). */
  static LoadPlan resolve(
      Scenario scenario,
      Profile profile,
      int users,
      @Nullable Duration duration,
      @Nullable Duration ramp,
      @Nullable Duration think,
      @Nullable Integer spikeUsers,
      int hotSessions)
      throws UsageException {
    Duration d = duration != null ? duration : profile.duration();
    Duration r;
    if (ramp != null) {
      if (ramp.compareTo(d) > 0) {
        throw new UsageException(
            "--ramp "
                + LoadReport.duration(ramp)
                + " is longer than the duration "
                + LoadReport.duration(d)
                + ": expected at most the duration");
      }
      r = ramp;
    } else {
      // A profile's ramp-up is sized for its own duration; a shorter run keeps at least half of it
      // at full load.
      Duration half = d.dividedBy(2);
      r = profile.rampUp().compareTo(half) > 0 ? half : profile.rampUp();
    }
    int spike = 0;
    if (spikeUsers != null) {
      if (spikeUsers <= users) {
        throw new UsageException(
            "--spike-users "
                + spikeUsers
                + " is not more than the "
                + users
                + " users: expected the number of users during the spike, more than --users");
      }
      spike = spikeUsers;
    } else if (profile.spikeFactor() > 0) {
      spike = (int) Math.min(MAX_USERS, (long) users * profile.spikeFactor());
    }
    return new LoadPlan(
        scenario, users, r, d, think != null ? think : profile.think(), spike, hotSessions);
  }

  /** The run's settings as the reports show them, name to value. */
  Map<String, String> parameters() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("scenario", plan.scenario().label());
    p.put("profile", profile);
    p.put("users", String.valueOf(plan.users()));
    p.put("ramp-up", LoadReport.duration(plan.rampUp()));
    p.put("duration", LoadReport.duration(plan.duration()));
    p.put("think", LoadReport.duration(plan.think()));
    p.put("spike users", plan.hasSpike() ? String.valueOf(plan.spikeUsers()) : "none");
    p.put("hot sessions", String.valueOf(plan.hotSessions()));
    p.put("max average", LoadReport.duration(thresholds.maxAverage()));
    p.put("max p95", LoadReport.duration(thresholds.maxP95()));
    p.put("max p99", LoadReport.duration(thresholds.maxP99()));
    p.put("min success", LoadReport.percent(thresholds.minSuccessPercent()));
    p.put("min cache hit ratio", LoadReport.percent(thresholds.minHitRatioPercent()));
    if (http == null) {
      p.put("mode", "in process");
      p.put("tenant", tenant);
    } else {
      p.put("mode", "HTTP");
      p.put(
          "targets", http.targets().stream().map(URI::toString).collect(Collectors.joining(", ")));
      p.put("auth", http.auth().name().toLowerCase(Locale.ROOT));
      if (http.auth() == HttpPlan.Auth.BEARER) {
        p.put("token header", http.tokenHeader());
      }
      p.put("login", "POST " + http.paths().login() + " (" + http.loginBody() + ")");
      p.put("check", "GET " + http.paths().check());
      p.put("refresh", "POST " + http.paths().refresh());
      p.put("api call", "POST " + http.paths().apiCall());
      p.put("logout", "POST " + http.paths().logout());
      p.put("timeline header", http.timelineHeader() == null ? "none" : http.timelineHeader());
      p.put("request timeout", LoadReport.duration(http.timeout()));
      p.put(
          "cross-node probe interval",
          http.probeInterval().isZero() ? "none" : LoadReport.duration(http.probeInterval()));
      p.put("logout window", LoadReport.duration(http.logoutWindow()));
    }
    return p;
  }
}
