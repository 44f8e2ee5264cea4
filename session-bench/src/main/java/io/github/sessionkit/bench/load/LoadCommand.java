package io.github.sessionkit.bench.load;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line as picocli reads it: one annotated field per flag, with its default and its line
 * of help. {@link LoadOptions#from} checks the values against each other and resolves them against
 * the profile. A new instance per parse.
 */
@Command(
    name = "LoadTest",
    sortOptions = false,
    usageHelpWidth = 100,
    usageHelpAutoWidth = false,
    description = {
      "Loads a session system with virtual users following a scenario at the load of a profile,"
          + " shows live progress, prints a summary graded against thresholds, and writes a"
          + " self-contained HTML report and a JSON file beside it.",
      "",
      "Two modes. With --target, the users send HTTP requests to your application's nodes, each"
          + " with its own cookie jar (or bearer token), a random node per request, redirects"
          + " followed, so the report says whether sessions survive across nodes, and how fast."
          + " Without it, they call a SessionManager in this process, built from the environment"
          + " like SessionManager.fromEnvironment() (any store: memory, Redis, PostgreSQL, tiered),"
          + " for library-level figures.",
      "",
      "Exit code: 0 every threshold passed, 1 a threshold failed, 2 wrong command line, 3 could not"
          + " start or finish (bad environment setting, store or target unreachable, report not"
          + " written).",
      ""
    },
    optionListHeading = "Options (durations: 500ms, 1.5s, 30s, 10m, 2h or PT30S):%n")
final class LoadCommand {

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  @Option(
      names = "--target",
      split = ",",
      paramLabel = "URL",
      description =
          "Nodes of the application to load over HTTP, comma-separated (see Examples below). A"
              + " request goes to one at random; they share cookies as one site. Cross-node checks"
              + " need two. Default: none, the in-process mode.")
  List<URI> targets = new ArrayList<>();

  @Option(
      names = "--scenario",
      paramLabel = "NAME",
      defaultValue = "mixed",
      converter = ScenarioConverter.class,
      description = "What each user does (see Scenarios below). Default: ${DEFAULT-VALUE}.")
  Scenario scenario = Scenario.MIXED;

  @Option(
      names = "--profile",
      paramLabel = "NAME",
      defaultValue = "smoke",
      converter = ProfileConverter.class,
      description = "How much load, for how long (see Profiles below). Default: ${DEFAULT-VALUE}.")
  Profile profile = Profile.SMOKE;

  @Option(
      names = "--users",
      paramLabel = "N",
      description = "Virtual users. Default: the profile's.")
  @Nullable Integer users;

  @Option(
      names = "--duration",
      paramLabel = "D",
      converter = Durations.class,
      description = "Length of the run, ramp-up included. Default: the profile's.")
  @Nullable Duration duration;

  @Option(
      names = "--ramp",
      paramLabel = "D",
      converter = Durations.class,
      description =
          "Users start evenly spread over this time. Default: the profile's, at most half the"
              + " duration.")
  @Nullable Duration ramp;

  @Option(
      names = "--think",
      paramLabel = "D",
      converter = Durations.class,
      description = "Pause between two rounds of one user. Default: the profile's.")
  @Nullable Duration think;

  @Option(
      names = "--spike-users",
      paramLabel = "N",
      description =
          "Users during the spike in the middle third of the run. Default: 8 x users for the spike"
              + " profile, none for the others.")
  @Nullable Integer spikeUsers;

  @Option(
      names = "--hot-sessions",
      paramLabel = "N",
      defaultValue = "16",
      description = "Sessions every user reads in cache-burst rounds. Default: ${DEFAULT-VALUE}.")
  int hotSessions = 16;

  @Option(
      names = "--max-avg",
      paramLabel = "D",
      defaultValue = "500ms",
      converter = Durations.class,
      description = "The average latency must be below this. Default: ${DEFAULT-VALUE}.")
  Duration maxAverage = Thresholds.DEFAULTS.maxAverage();

  @Option(
      names = "--max-p95",
      paramLabel = "D",
      defaultValue = "1s",
      converter = Durations.class,
      description = "The 95th percentile must be below this. Default: ${DEFAULT-VALUE}.")
  Duration maxP95 = Thresholds.DEFAULTS.maxP95();

  @Option(
      names = "--max-p99",
      paramLabel = "D",
      defaultValue = "2s",
      converter = Durations.class,
      description = "The 99th percentile must be below this. Default: ${DEFAULT-VALUE}.")
  Duration maxP99 = Thresholds.DEFAULTS.maxP99();

  @Option(
      names = "--min-success",
      paramLabel = "P",
      defaultValue = "99.5",
      converter = Percentages.class,
      description =
          "Percent of operations that must succeed, exclusive. Default: ${DEFAULT-VALUE}.")
  double minSuccess = Thresholds.DEFAULTS.minSuccessPercent();

  @Option(
      names = "--min-hit-ratio",
      paramLabel = "P",
      defaultValue = "80",
      converter = Percentages.class,
      description =
          "Percent of reads the cache tier must answer, exclusive; graded in process for"
              + " SESSION_STORE=tiered only. Default: ${DEFAULT-VALUE}.")
  double minHitRatio = Thresholds.DEFAULTS.minHitRatioPercent();

  @Option(
      names = "--html",
      paramLabel = "FILE",
      defaultValue = "load-report.html",
      description = "The HTML report. Default: ${DEFAULT-VALUE}.")
  Path html = Path.of("load-report.html");

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "The JSON report. Default: the HTML report's name with .json.")
  @Nullable Path json;

  @Option(
      names = "--progress",
      paramLabel = "MODE",
      defaultValue = "auto",
      description =
          "auto (a bar on a terminal, a line every 5 s otherwise), bar, lines or off."
              + " Default: ${DEFAULT-VALUE}.")
  String progress = "auto";

  @Option(
      names = "--tenant",
      paramLabel = "NAME",
      defaultValue = LoadOptions.DEFAULT_TENANT,
      description = "In process: the tenant the sessions are made in. Default: ${DEFAULT-VALUE}.")
  String tenant = LoadOptions.DEFAULT_TENANT;

  @Option(
      names = "--login-path",
      paramLabel = "PATH",
      defaultValue = "/api/login",
      description =
          "HTTP: POST, a form body, signs a user in. Default: ${DEFAULT-VALUE} (the cluster"
              + " demo's).")
  String loginPath = HttpPlan.Paths.DEMO.login();

  @Option(
      names = "--login-body",
      paramLabel = "FORM",
      defaultValue = "username=" + HttpPlan.USER_PLACEHOLDER,
      description =
          "HTTP: the login's form body; "
              + HttpPlan.USER_PLACEHOLDER
              + " becomes the user's name."
              + " Default: ${DEFAULT-VALUE}.")
  String loginBody = "username=" + HttpPlan.USER_PLACEHOLDER;

  @Option(
      names = "--check-path",
      paramLabel = "PATH",
      defaultValue = "/api/session",
      description = "HTTP: GET, the session check. Default: ${DEFAULT-VALUE}.")
  String checkPath = HttpPlan.Paths.DEMO.check();

  @Option(
      names = "--refresh-path",
      paramLabel = "PATH",
      defaultValue = "/api/session/refresh",
      description = "HTTP: POST, extends the session. Default: ${DEFAULT-VALUE}.")
  String refreshPath = HttpPlan.Paths.DEMO.refresh();

  @Option(
      names = "--api-path",
      paramLabel = "PATH",
      defaultValue = "/api/items",
      description = "HTTP: POST, an API call that changes the session. Default: ${DEFAULT-VALUE}.")
  String apiPath = HttpPlan.Paths.DEMO.apiCall();

  @Option(
      names = "--logout-path",
      paramLabel = "PATH",
      defaultValue = "/api/logout",
      description = "HTTP: POST, ends the session. Default: ${DEFAULT-VALUE}.")
  String logoutPath = HttpPlan.Paths.DEMO.logout();

  @Option(
      names = "--auth",
      paramLabel = "KIND",
      defaultValue = "cookie",
      description =
          "HTTP: cookie (each user's own cookie jar) or bearer (Authorization: Bearer, the token"
              + " read from the login's --token-header). Default: ${DEFAULT-VALUE}.")
  HttpPlan.Auth auth = HttpPlan.Auth.COOKIE;

  @Option(
      names = "--token-header",
      paramLabel = "NAME",
      defaultValue = "X-Auth-Token",
      description =
          "HTTP, bearer: the login answer's header holding the token. Default: ${DEFAULT-VALUE}.")
  String tokenHeader = "X-Auth-Token";

  @Option(
      names = "--timeline-header",
      paramLabel = "NAME",
      defaultValue = "X-Serving-Tier",
      description =
          "HTTP: a response header whose values the timeline shows per second (the demo's says"
              + " which tier serves, so a Redis outage shows); none for no band. Default:"
              + " ${DEFAULT-VALUE}.")
  String timelineHeader = "X-Serving-Tier";

  @Option(
      names = "--timeout",
      paramLabel = "D",
      defaultValue = "10s",
      converter = Durations.class,
      description =
          "HTTP: the longest one request may take, connecting included. Default: ${DEFAULT-VALUE}.")
  Duration timeout = Duration.ofSeconds(10);

  @Option(
      names = "--probe-interval",
      paramLabel = "D",
      defaultValue = "1s",
      converter = Durations.class,
      description =
          "HTTP, two targets or more: time between two cross-node probes; 0 for none."
              + " Default: ${DEFAULT-VALUE}.")
  Duration probeInterval = Duration.ofSeconds(1);

  @Option(
      names = "--logout-window",
      paramLabel = "D",
      defaultValue = "1s",
      converter = Durations.class,
      description =
          "HTTP, cross-node probes: how long after a logout on one node another may still serve the"
              + " session (its change notice is on the way) before the probe fails. Default:"
              + " ${DEFAULT-VALUE}.")
  Duration logoutWindow = Duration.ofSeconds(1);

  /** A picocli command line over a new instance, with the generated footer. */
  static CommandLine commandLine(LoadCommand command) {
    CommandLine line = new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true);
    line.getCommandSpec().usageMessage().footer(footer());
    return line;
  }

  /**
   * The help text: the generated usage and the footer of scenarios, profiles, variables and
   * examples.
   */
  static String helpText() {
    return commandLine(new LoadCommand()).getUsageMessage(CommandLine.Help.Ansi.OFF);
  }

  private static String footer() {
    StringBuilder h = new StringBuilder();
    h.append("%nScenarios:%n");
    for (Scenario s : Scenario.values()) {
      h.append(String.format(Locale.ROOT, "  %-20s %s%n", s.label(), wrap(s.description(), 23)));
    }
    h.append("%nProfiles:%n");
    h.append(
        String.format(
            Locale.ROOT, "  %-11s %6s %8s %9s %6s%n", "", "users", "ramp-up", "duration", "think"));
    for (Profile p : Profile.values()) {
      h.append(
          String.format(
              Locale.ROOT,
              "  %-11s %6d %8s %9s %6s  %s%n",
              p.label(),
              p.users(),
              LoadReport.duration(p.rampUp()),
              LoadReport.duration(p.duration()),
              LoadReport.duration(p.think()),
              wrap(p.description(), 47)));
    }
    h.append(
        """

        Actions measured: login, check, refresh, api-call, hot-find (a check of a shared session), logout.
        Over HTTP a 2xx answer (after redirects) is a success; the check, refresh, API call and logout
        paths must answer 401 or 403 once the session is gone.

        Environment, in process (the library's variables; see the README for all of them):
          SESSION_STORE             memory (default), redis, jdbc or tiered
          REDIS_URL                 redis://[user:password@]host:6379[/db], rediss:// for TLS
          DATABASE_URL, JDBC_URL    postgresql://user:password@host:5432/db, jdbc:postgresql://...
          SESSION_IDLE_TIMEOUT      idle timeout of the sessions (default 30m)
          SESSION_LOCAL_CACHE       tiered: keep a local in-process tier (default true)
          SESSION_BREAKER_*         tiered: circuit breaker settings
        A wrong value stops the tool with a message naming the variable (exit code 3).

        Examples:
          the cluster demo's two nodes over HTTP:
            LoadTest --target http://127.0.0.1:8081,http://127.0.0.1:8082 --profile load
          a Redis store in process:
            SESSION_STORE=redis REDIS_URL=redis://127.0.0.1:6379 LoadTest --profile load --users 32
        """
            .replace("%", "%%"));
    return h.toString();
  }

  /** Breaks text into lines of at most 100 columns, continuation lines indented. */
  static String wrap(String text, int indent) {
    StringBuilder out = new StringBuilder();
    int column = indent;
    for (String word : text.split(" ")) {
      if (column > indent && column + 1 + word.length() > 100) {
        out.append("%n").append(" ".repeat(indent));
        column = indent;
      } else if (column > indent) {
        out.append(' ');
        column++;
      }
      out.append(word.replace("%", "%%"));
      column += word.length();
    }
    return out.toString();
  }

  /** Reads a scenario by its label. */
  static final class ScenarioConverter implements CommandLine.ITypeConverter<Scenario> {
    @Override
    public Scenario convert(String value) {
      return Scenario.byLabel(value)
          .orElseThrow(
              () ->
                  new CommandLine.TypeConversionException(
                      "unknown scenario '"
                          + value
                          + "': expected one of "
                          + Arrays.stream(Scenario.values())
                              .map(Scenario::label)
                              .collect(Collectors.joining(", "))));
    }
  }

  /** Reads a profile by its label. */
  static final class ProfileConverter implements CommandLine.ITypeConverter<Profile> {
    @Override
    public Profile convert(String value) {
      return Profile.byLabel(value)
          .orElseThrow(
              () ->
                  new CommandLine.TypeConversionException(
                      "unknown profile '"
                          + value
                          + "': expected one of "
                          + Arrays.stream(Profile.values())
                              .map(Profile::label)
                              .collect(Collectors.joining(", "))));
    }
  }
}
