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
 * The load-test tool: drives a {@link SessionManager} configured by the environment (any store:
 * memory, Redis, PostgreSQL, tiered) with virtual users following a scenario
 * ({@code login-check-logout}, {@code heavy-use}, {@code cache-burst}, {@code mixed}) at the
 * load of a profile ({@code smoke}, {@code load}, {@code stress}, {@code spike},
 * {@code endurance}), shows live progress, prints a summary graded against thresholds
 * (average, p95, p99 latency, success rate, cache hit ratio of a tiered store) and writes a
 * self-contained HTML report with charts. {@code --help} lists everything.
 *
 * <pre>{@code
 * java -cp session-bench/target/benchmarks.jar io.github.sessionkit.bench.load.LoadTest --profile load
 * }</pre>
 *
 * <p>Exit codes: 0 every threshold passed; 1 a threshold failed (so a pipeline can gate on it);
 * 2 a wrong command line; 3 the run could not start or finish (a wrong environment setting,
 * an unreachable store, an unwritable report). Errors are reported as one message, without a
 * stack trace.
 *
 * <p>The run is bounded: every user stops at the end of the run, users are joined (any still
 * blocked 30 s later is counted as stuck and fails the run), and the manager is closed.
 * Thread-safe in the sense that separate calls of {@link #run} share nothing.
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
   * @param environment the variables the manager is configured from, as
   *     {@link SessionManager#fromEnvironment()} reads them from the process (tests pass their
   *     own instead of changing the process environment)
   * @param out where progress and the summary go; progress is redrawn in place only when this
   *     is {@link System#out} on a terminal (or {@code --progress bar} is given)
   * @param err where errors go
   * @return the exit code: {@link #EXIT_PASSED}, {@link #EXIT_FAILED}, {@link #EXIT_USAGE} or
   *     {@link #EXIT_ERROR}
   */
  public static int run(List<String> args, Map<String, String> environment, PrintStream out, PrintStream err) {
    LoadOptions options;
    try {
      options = LoadOptions.parse(args);
    } catch (UsageException e) {
      err.println("error: " + e.getMessage());
      err.println("Run with --help for the scenarios, profiles, flags and environment variables.");
      return EXIT_USAGE;
    }
    if (options.help()) {
      out.print(LoadOptions.helpText());
      out.flush();
      return EXIT_PASSED;
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
      return run(manager.forTenant(options.tenant()), options, out, err);
    }
  }

  private static int run(SessionManager manager, LoadOptions options, PrintStream out, PrintStream err) {
    LoadPlan plan = options.plan();
    String store = manager.store().name();
    out.println("sessionkit load test: scenario " + plan.scenario().label() + ", profile " + options.profile()
        + ", store " + store + ", tenant " + manager.tenant());
    out.flush();
    ProgressPrinter.Mode mode = options.progress() != null ? options.progress()
        : out == System.out && System.console() != null ? ProgressPrinter.Mode.BAR : ProgressPrinter.Mode.LINES;
    Instant startedAt = Instant.now();
    LoadRunner.Outcome outcome;
    try {
      outcome = new LoadRunner(manager, plan, new ProgressPrinter(out, mode), LoadRunner.DEFAULT_GRACE).run();
    } catch (SessionException e) {
      err.println("cannot set up the run: " + VirtualUser.describe(e));
      return EXIT_ERROR;
    }
    LoadReport report = LoadReport.of(options.profile(), plan, store, manager.tenant(), startedAt, outcome,
        options.thresholds());
    out.println();
    out.print(TextReport.render(report));
    Path html = options.html().toAbsolutePath();
    try {
      Path parent = html.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(html, HtmlReport.render(report));
    } catch (IOException e) {
      out.flush();
      err.println("cannot write the HTML report " + html + ": " + e);
      return EXIT_ERROR;
    }
    out.println("HTML report: " + html);
    out.flush();
    return report.passed() ? EXIT_PASSED : EXIT_FAILED;
  }
}
