package io.github.sessionkit.bench.load;

import io.github.sessionkit.ConfigurationException;
import io.github.sessionkit.SessionException;
import io.github.sessionkit.SessionManager;
import io.github.sessionkit.StoreUnavailableException;
import io.github.sessionkit.spi.Settings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The load-test tool: virtual users following a scenario ({@code login-check-logout}, {@code
 * heavy-use}, {@code cache-burst}, {@code mixed}) at the load of a profile ({@code smoke}, {@code
 * load}, {@code stress}, {@code spike}, {@code endurance}), against either an application over HTTP
 * ({@code --target http://host:port[,http://host2:port]}: each user with its own cookie jar or
 * bearer token, a random node per request, cross-node checks) or a {@link SessionManager} in this
 * process configured by the environment (any store). It shows live progress, prints a summary
 * graded against thresholds (average, p95, p99 latency, success rate, cache hit ratio of a tiered
 * store, cross-node checks, each failure with its reason) and writes a self-contained HTML report
 * with a timeline and a JSON file beside it. {@code --help} lists everything.
 *
 * <pre>{@code
 * ./mvnw -B -q -pl session-bench exec:java \
 *     -Dexec.args="--target http://127.0.0.1:8081,http://127.0.0.1:8082 --profile load"
 * }</pre>
 *
 * <p>Exit codes: 0 every threshold passed; 1 a threshold failed (so a pipeline can gate on it); 2 a
 * wrong command line; 3 the run could not start or finish (a wrong environment setting, an
 * unreachable store or target, an unwritable report). Errors are reported as one message, without a
 * stack trace.
 *
 * <p>The run is bounded: every request has a timeout, every user stops at the end of the run, users
 * are joined (any still blocked 30 s later is counted as stuck and fails the run), and the manager
 * is closed. Thread-safe in the sense that separate calls of {@link #run} share nothing.
 */
public final class LoadTest {

  /** Every threshold passed. */
  public static final int EXIT_PASSED = 0;

  /** The run completed but a threshold failed. */
  public static final int EXIT_FAILED = 1;

  /** The command line is wrong. */
  public static final int EXIT_USAGE = 2;

  /** The run could not start or finish: configuration, store or report file. */
  public static final int EXIT_ERROR = 3;

  private LoadTest() {}

  /** Runs the tool on the process environment and exits with its exit code. */
  public static void main(String[] args) {
    System.exit(run(Arrays.asList(args), System.getenv(), System.out, System.err));
  }

  /**
   * Runs the tool.
   *
   * @param args the command line
   * @param environment the variables the manager is configured from, as {@link
   *     SessionManager#fromEnvironment()} reads them from the process (tests pass their own instead
   *     of changing the process environment)
   * @param out where progress and the summary go; progress is redrawn in place only when this is
   *     {@link System#out} on a terminal (or {@code --progress bar} is given)
   * @param err where errors go
   * @return the exit code: {@link #EXIT_PASSED}, {@link #EXIT_FAILED}, {@link #EXIT_USAGE} or
   *     {@link #EXIT_ERROR}
   */
  public static int run(
      List<String> args, Map<String, String> environment, PrintStream out, PrintStream err) {
    LoadOptions options;
    try {
      options = LoadOptions.parse(args);
    } catch (UsageException e) {
      err.println("error: " + e.getMessage());
      err.println("Run with --help for the scenarios, profiles, flags and environment variables.");
      return EXIT_USAGE;
    }
    if (options.help()) {
      out.print(LoadCommand.helpText());
      out.flush();
      return EXIT_PASSED;
    }
    HttpPlan http = options.http();
    if (http != null) {
      return run(new HttpTarget(http), options, out, err);
    }

    SessionManager manager;
    try {
      manager = SessionManager.builder().settings(Settings.of(environment)).build();
    } catch (ConfigurationException e) {
      err.println("configuration error: " + e.getMessage());
      return EXIT_ERROR;
    } catch (StoreUnavailableException e) {
      err.println("cannot reach the store: " + e.getMessage());
      return EXIT_ERROR;
    } catch (SessionException e) {
      err.println("cannot open the store: " + e.getMessage());
      return EXIT_ERROR;
    }
    try (manager) {
      return run(new InProcessTarget(manager.forTenant(options.tenant())), options, out, err);
    }
  }

  private static <L> int run(
      Target<L> target, LoadOptions options, PrintStream out, PrintStream err) {
    LoadPlan plan = options.plan();
    out.println(
        "sessionkit load test: scenario "
            + plan.scenario().label()
            + ", profile "
            + options.profile()
            + ", "
            + target.description());
    out.flush();
    ProgressPrinter.Mode mode =
        options.progress() != null
            ? options.progress()
            : out == System.out && System.console() != null
                ? ProgressPrinter.Mode.BAR
                : ProgressPrinter.Mode.LINES;
    Instant startedAt = Instant.now();
    LoadRunner.Outcome outcome;
    try {
      outcome =
          new LoadRunner<>(target, plan, new ProgressPrinter(out, mode), LoadRunner.DEFAULT_GRACE)
              .run();
    } catch (Failure e) {
      err.println("cannot set up the run: " + e.getMessage());
      return EXIT_ERROR;
    } catch (RuntimeException e) {
      err.println("cannot set up the run: " + VirtualUser.describe(e));
      return EXIT_ERROR;
    }
    LoadReport report =
        LoadReport.of(
            options.profile(),
            plan,
            target.description(),
            options.parameters(),
            startedAt,
            outcome,
            options.thresholds());
    out.println();
    out.print(TextReport.render(report));
    try {
      write(options.html(), HtmlReport.render(report));
      write(options.json(), JsonReport.render(report));
    } catch (IOException e) {
      out.flush();
      err.println("cannot write the report: " + e);
      return EXIT_ERROR;
    }
    out.println("HTML report: " + options.html().toAbsolutePath());
    out.println("JSON report: " + options.json().toAbsolutePath());
    out.flush();
    return report.passed() ? EXIT_PASSED : EXIT_FAILED;
  }

  private static void write(Path file, String content) throws IOException {
    Path absolute = file.toAbsolutePath();
    Path parent = absolute.getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(absolute, content);
  }
}
