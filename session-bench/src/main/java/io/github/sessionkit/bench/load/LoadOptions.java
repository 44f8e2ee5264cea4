package io.github.sessionkit.bench.load;

import io.github.sessionkit.spi.SessionKey;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The command line, parsed and resolved against the chosen profile. Every wrong argument is a
 * {@link UsageException} naming the flag, echoing the value and saying what is expected.
 *
 * @param help whether {@code --help} was asked for (nothing else is then done)
 * @param profile the profile's name
 * @param plan the run
 * @param tenant the tenant the run's sessions are made in
 * @param thresholds the grading limits
 * @param html where the HTML report goes
 * @param progress how progress is shown ({@code null} for auto: a bar on a terminal, lines elsewhere)
 */
record LoadOptions(boolean help, String profile, LoadPlan plan, String tenant, Thresholds thresholds, Path html,
    ProgressPrinter.@Nullable Mode progress) {

  static final int MAX_USERS = 10_000;
  static final int DEFAULT_HOT_SESSIONS = 16;
  static final String DEFAULT_TENANT = "loadtest";
  static final String DEFAULT_HTML = "load-report.html";
  static final Scenario DEFAULT_SCENARIO = Scenario.MIXED;
  static final Profile DEFAULT_PROFILE = Profile.SMOKE;
  private static final int HELP_WIDTH = 100;
  private static final Duration MAX_DURATION = Duration.ofDays(7);
  private static final Pattern DURATION = Pattern.compile("(\\d{1,12}(?:\\.\\d{1,9})?)\\s*(us|ms|s|m|h|d)");
  private static final Pattern PERCENT = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,6})?)\\s*%?");

  private static final List<String> FLAGS = List.of("--scenario", "--profile", "--users", "--duration", "--ramp",
      "--think", "--spike-users", "--hot-sessions", "--tenant", "--max-avg", "--max-p95", "--max-p99",
      "--min-success", "--min-hit-ratio", "--html", "--progress");

  static LoadOptions parse(List<String> args) throws UsageException {
    if (args.contains("--help") || args.contains("-h")) {
      return new LoadOptions(true, DEFAULT_PROFILE.label(),
          resolve(DEFAULT_SCENARIO, DEFAULT_PROFILE, null, null, null, null, null, DEFAULT_HOT_SESSIONS),
          DEFAULT_TENANT, Thresholds.DEFAULTS, Path.of(DEFAULT_HTML), null);
    }
    Scenario scenario = DEFAULT_SCENARIO;
    Profile profile = DEFAULT_PROFILE;
    Integer users = null;
    Duration duration = null;
    Duration ramp = null;
    Duration think = null;
    Integer spikeUsers = null;
    int hotSessions = DEFAULT_HOT_SESSIONS;
    String tenant = DEFAULT_TENANT;
    Thresholds t = Thresholds.DEFAULTS;
    Path html = Path.of(DEFAULT_HTML);
    ProgressPrinter.Mode progress = null;

    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String flag = arg;
      String value;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        flag = arg.substring(0, eq);
        value = arg.substring(eq + 1);
        checkKnown(flag);
      } else {
        checkKnown(flag);
        if (i + 1 >= args.size()) {
          throw new UsageException(flag + " needs a value");
        }
        value = args.get(++i);
      }
      switch (flag) {
        case "--scenario" -> scenario = Scenario.byLabel(value).orElseThrow(() -> new UsageException(
            "unknown scenario '" + value + "': expected one of " + labels(Scenario.values())));
        case "--profile" -> profile = Profile.byLabel(value).orElseThrow(() -> new UsageException(
            "unknown profile '" + value + "': expected one of " + labels(Profile.values())));
        case "--users" -> users = integer(flag, value, 1, MAX_USERS);
        case "--duration" -> duration = duration(flag, value, false);
        case "--ramp" -> ramp = duration(flag, value, true);
        case "--think" -> think = duration(flag, value, true);
        case "--spike-users" -> spikeUsers = integer(flag, value, 1, MAX_USERS);
        case "--hot-sessions" -> hotSessions = integer(flag, value, 1, MAX_USERS);
        case "--tenant" -> {
          if (!SessionKey.isValidTenant(value)) {
            throw new UsageException("--tenant '" + value
                + "' is not valid: expected 1 to 64 characters of [A-Za-z0-9_.-] starting with a letter or digit");
          }
          tenant = value;
        }
        case "--max-avg" -> t = new Thresholds(duration(flag, value, true), t.maxP95(), t.maxP99(),
            t.minSuccessPercent(), t.minHitRatioPercent());
        case "--max-p95" -> t = new Thresholds(t.maxAverage(), duration(flag, value, true), t.maxP99(),
            t.minSuccessPercent(), t.minHitRatioPercent());
        case "--max-p99" -> t = new Thresholds(t.maxAverage(), t.maxP95(), duration(flag, value, true),
            t.minSuccessPercent(), t.minHitRatioPercent());
        case "--min-success" -> t = new Thresholds(t.maxAverage(), t.maxP95(), t.maxP99(), percent(flag, value),
            t.minHitRatioPercent());
        case "--min-hit-ratio" -> t = new Thresholds(t.maxAverage(), t.maxP95(), t.maxP99(), t.minSuccessPercent(),
            percent(flag, value));
        case "--html" -> {
          if (value.isBlank()) {
            throw new UsageException("--html needs a file name");
          }
          html = Path.of(value);
        }
        case "--progress" -> progress = switch (value) {
          case "auto" -> null;
          case "bar" -> ProgressPrinter.Mode.BAR;
          case "lines" -> ProgressPrinter.Mode.LINES;
          case "off" -> ProgressPrinter.Mode.OFF;
          default -> throw new UsageException("--progress '" + value + "' is not valid: expected auto, bar, lines or off");
        };
        default -> throw new IllegalStateException("flag without a case: " + flag);
      }
    }
    LoadPlan plan = resolve(scenario, profile, users, duration, ramp, think, spikeUsers, hotSessions);
    return new LoadOptions(false, profile.label(), plan, tenant, t, html, progress);
  }

  private static void checkKnown(String flag) throws UsageException {
    if (!FLAGS.contains(flag)) {
      throw new UsageException("unknown " + (flag.startsWith("-") ? "flag " : "argument ") + "'" + flag
          + "': expected one of " + String.join(", ", FLAGS) + ", --help");
    }
  }

  /** The profile's values, overridden by the flags given (null when not given). */
  static LoadPlan resolve(Scenario scenario, Profile profile, @Nullable Integer users, @Nullable Duration duration,
      @Nullable Duration ramp, @Nullable Duration think, @Nullable Integer spikeUsers, int hotSessions)
      throws UsageException {
    int u = users != null ? users : profile.users();
    Duration d = duration != null ? duration : profile.duration();
    Duration r;
    if (ramp != null) {
      if (ramp.compareTo(d) > 0) {
        throw new UsageException("--ramp " + LoadReport.duration(ramp) + " is longer than the duration "
            + LoadReport.duration(d) + ": expected at most the duration");
      }
      r = ramp;
    } else {
      // A profile's ramp-up is sized for its own duration; a shorter run keeps at least half of it at full load.
      Duration half = d.dividedBy(2);
      r = profile.rampUp().compareTo(half) > 0 ? half : profile.rampUp();
    }
    int spike = 0;
    if (spikeUsers != null) {
      if (spikeUsers <= u) {
        throw new UsageException("--spike-users " + spikeUsers + " is not more than the " + u
            + " users: expected the number of users during the spike, more than --users");
      }
      spike = spikeUsers;
    } else if (profile.spikeFactor() > 0) {
      spike = (int) Math.min(MAX_USERS, (long) u * profile.spikeFactor());
    }
    return new LoadPlan(scenario, u, r, d, think != null ? think : profile.think(), spike, hotSessions);
  }

  private static int integer(String flag, String value, int min, int max) throws UsageException {
    String expected = "expected a whole number from " + min + " to " + max;
    try {
      long n = Long.parseLong(value.trim());
      if (n < min || n > max) {
        throw new UsageException(flag + " '" + value + "' is out of range: " + expected);
      }
      return (int) n;
    } catch (NumberFormatException e) {
      throw new UsageException(flag + " '" + value + "' is not a number: " + expected);
    }
  }

  /**
   * A duration: a number with a unit (us, ms, s, m, h, d; decimals allowed: {@code 1.5s}) or
   * ISO-8601 ({@code PT30S}).
   */
  static Duration duration(String flag, String value, boolean zeroAllowed) throws UsageException {
    String expected = "expected a " + (zeroAllowed ? "" : "positive ")
        + "duration such as 500ms, 1.5s, 30s, 10m, 2h or PT30S";
    String text = value.trim().toLowerCase(Locale.ROOT);
    Duration parsed;
    Matcher m = DURATION.matcher(text);
    try {
      if (m.matches()) {
        double amount = Double.parseDouble(m.group(1));
        double nanosPerUnit = switch (m.group(2)) {
          case "us" -> 1e3;
          case "ms" -> 1e6;
          case "s" -> 1e9;
          case "m" -> 60e9;
          case "h" -> 3600e9;
          default -> 86400e9;
        };
        double nanos = amount * nanosPerUnit;
        if (nanos > MAX_DURATION.toNanos()) {
          throw new UsageException(flag + " '" + value + "' is too long: expected at most 7 days");
        }
        parsed = Duration.ofNanos(Math.round(nanos));
      } else if (text.startsWith("p")) {
        parsed = Duration.parse(text.toUpperCase(Locale.ROOT));
      } else {
        throw new UsageException(flag + " '" + value + "' is not a duration: " + expected);
      }
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new UsageException(flag + " '" + value + "' is not a duration: " + expected);
    }
    if (parsed.isNegative() || (!zeroAllowed && parsed.isZero()) || parsed.compareTo(MAX_DURATION) > 0) {
      throw new UsageException(flag + " '" + value + "' is out of range: " + expected + ", at most 7 days");
    }
    return parsed;
  }

  /** A percentage from 0 to 100, with or without the % sign. */
  static double percent(String flag, String value) throws UsageException {
    Matcher m = PERCENT.matcher(value.trim());
    double p = m.matches() ? Double.parseDouble(m.group(1)) : -1;
    if (p < 0 || p > 100) {
      throw new UsageException(flag + " '" + value + "' is not valid: expected a percentage from 0 to 100, such as 99.5");
    }
    return p;
  }

  /** Breaks text into lines of at most {@link #HELP_WIDTH} columns, continuation lines indented. */
  static String wrap(String text, int indent) {
    StringBuilder out = new StringBuilder();
    int column = indent;
    for (String word : text.split(" ")) {
      if (column > indent && column + 1 + word.length() > HELP_WIDTH) {
        out.append('\n').append(" ".repeat(indent));
        column = indent;
      } else if (column > indent) {
        out.append(' ');
        column++;
      }
      out.append(word);
      column += word.length();
    }
    return out.toString();
  }

  private static String labels(Scenario[] values) {
    return Arrays.stream(values).map(Scenario::label).collect(Collectors.joining(", "));
  }

  private static String labels(Profile[] values) {
    return Arrays.stream(values).map(Profile::label).collect(Collectors.joining(", "));
  }

  /** The text {@code --help} prints. */
  static String helpText() {
    StringBuilder h = new StringBuilder();
    h.append("""
        Usage: LoadTest [--scenario NAME] [--profile NAME] [flags]

        Drives a SessionManager built from the environment (SessionManager.fromEnvironment(): any
        store, configured by the same variables as the library) with virtual users, shows live
        progress, prints a summary graded against thresholds, and writes a self-contained HTML
        report. Exit code: 0 all thresholds passed, 1 a threshold failed, 2 wrong command line,
        3 could not start or finish (bad environment setting, store unreachable, report not written).

        Scenarios (--scenario, default %s):
        """.formatted(DEFAULT_SCENARIO.label()));
    for (Scenario s : Scenario.values()) {
      h.append(String.format(Locale.ROOT, "  %-20s %s%n", s.label(), wrap(s.description(), 23)));
    }
    h.append(String.format(Locale.ROOT, "%nProfiles (--profile, default %s):%n", DEFAULT_PROFILE.label()));
    h.append(String.format(Locale.ROOT, "  %-11s %6s %8s %9s %6s%n", "", "users", "ramp-up", "duration", "think"));
    for (Profile p : Profile.values()) {
      h.append(String.format(Locale.ROOT, "  %-11s %6d %8s %9s %6s  %s%n", p.label(), p.users(),
          LoadReport.duration(p.rampUp()), LoadReport.duration(p.duration()), LoadReport.duration(p.think()),
          wrap(p.description(), 47)));
    }
    h.append("""

        Flags (--flag VALUE or --flag=VALUE; durations like 500ms, 1.5s, 30s, 10m, 2h or PT30S):
          --users N            virtual users (default: the profile's)
          --duration D         length of the run, ramp-up included (default: the profile's)
          --ramp D             users start evenly spread over this time (default: the profile's,
                               at most half the duration)
          --think D            pause between two rounds of one user (default: the profile's)
          --spike-users N      users during the spike in the middle third of the run
                               (default: 8 x users for the spike profile, none for the others)
          --hot-sessions N     sessions read by every user in cache-burst rounds (default 16)
          --tenant NAME        tenant the sessions are made in (default loadtest)
          --max-avg D          average latency must be below this (default 500ms)
          --max-p95 D          95th percentile must be below this (default 1s)
          --max-p99 D          99th percentile must be below this (default 2s)
          --min-success P      percent of operations that must succeed, exclusive (default 99.5)
          --min-hit-ratio P    percent of reads the cache tier must answer, exclusive (default 80);
                               graded only for SESSION_STORE=tiered, not applicable otherwise
          --html FILE          HTML report (default load-report.html)
          --progress MODE      auto (a bar on a terminal, a line every 5 s otherwise), bar, lines, off
          -h, --help           this text

        Operations measured: login, check, refresh, api-call, hot-find, logout (see the scenarios).
        Latencies are of all operations together; percentiles are exact to 1.6 %.

        Environment (the library's variables; see the README for all of them):
          SESSION_STORE             memory (default), redis, jdbc or tiered
          REDIS_URL                 redis://[user:password@]host:6379[/db], rediss:// for TLS
          DATABASE_URL, JDBC_URL    postgresql://user:password@host:5432/db, jdbc:postgresql://...
          SESSION_IDLE_TIMEOUT      idle timeout of the sessions (default 30m)
          SESSION_ABSOLUTE_TIMEOUT  absolute lifetime of the sessions (default 24h)
          SESSION_TOUCH_INTERVAL    how often a read writes the access time (default idle / 10)
          SESSION_KEY_PREFIX        prefix of the store's keys (default session)
          SESSION_LOCAL_CACHE       tiered: keep a local in-process tier (default true)
          SESSION_LOCAL_CACHE_TTL   tiered: lifetime of local copies (default 5m)
          SESSION_MEMORY_MAX_SIZE   memory store: sessions kept before evicting (default 100000)
          SESSION_BREAKER_*         tiered: circuit breaker settings
        A wrong value stops the tool with a message naming the variable (exit code 3).

        Example: SESSION_STORE=redis REDIS_URL=redis://127.0.0.1:6379 \\
                   java -cp session-bench/target/benchmarks.jar io.github.sessionkit.bench.load.LoadTest \\
                   --scenario mixed --profile load --users 32
        """);
    return h.toString();
  }
}
