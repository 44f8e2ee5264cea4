package io.github.sessionkit.bench.suite;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Turns the suite's measurements into the markdown section of {@code docs/benchmarks.md}: the
 * targets of issue 8 with PASS or SHORT, then per thread count every request on every subject
 * (median, p99, throughput, cost over the raw floor of the same work) and sessionkit's throughput
 * over each Spring Session repository.
 *
 * <p>Ratios are of means (so of throughput: at a fixed thread count, throughput is threads over the
 * mean time per operation); medians and p99 show the shape. The floor of a request is the
 * raw-client work it cannot avoid: a read for find and read-only, a write for create, a read plus a
 * write for typical, a read plus a tenth of a write for the 90 % read mix. Caffeine is the memory
 * store's floor; Jedis is Redis's, for sessionkit and Spring Session alike; JDBC is PostgreSQL's.
 * The tiered store reads from its local tier (Caffeine) and writes to PostgreSQL and Redis, so its
 * floor adds a JDBC and a Jedis write; without a local tier it reads from Redis.
 */
final class SuiteReport {

  static final List<String> REQUESTS = List.of("find", "create", "typical", "readOnly", "mixed");

  /**
   * A target of issue 8: sessionkit's throughput over a Spring Session repository's, one thread.
   */
  record Target(String request, String ours, String spring, double ratio) {}

  static final List<Target> TARGETS =
      List.of(
          new Target("typical", "redis", "spring-redis-jdk", 1.8),
          new Target("typical", "redis", "spring-redis-json", 1.8),
          new Target("typical", "redis", "spring-indexed-jdk", 3.5),
          new Target("typical", "redis", "spring-indexed-json", 3.5),
          new Target("typical", "postgresql", "spring-jdbc-jdk", 2.5),
          new Target("typical", "postgresql", "spring-jdbc-json", 2.5),
          new Target("readOnly", "redis", "spring-redis-jdk", 3.5),
          new Target("readOnly", "redis", "spring-redis-json", 3.5),
          new Target("readOnly", "redis", "spring-indexed-jdk", 3.5),
          new Target("readOnly", "redis", "spring-indexed-json", 3.5),
          new Target("readOnly", "postgresql", "spring-jdbc-jdk", 5.0),
          new Target("readOnly", "postgresql", "spring-jdbc-json", 5.0),
          new Target("mixed", "tiered", "spring-redis-jdk", 100.0),
          new Target("mixed", "tiered", "spring-redis-json", 100.0));

  private static final Map<String, String> LABELS =
      Map.ofEntries(
          Map.entry("memory", "sessionkit memory"),
          Map.entry("redis", "sessionkit Redis"),
          Map.entry("postgresql", "sessionkit PostgreSQL"),
          Map.entry("postgresql-silent", "sessionkit PostgreSQL, `SESSION_JDBC_NOTIFY=false`"),
          Map.entry("tiered", "sessionkit tiered (local -> Redis -> PostgreSQL)"),
          Map.entry(
              "tiered-no-local", "sessionkit tiered without local tier (Redis -> PostgreSQL)"),
          Map.entry("spring-redis-jdk", "Spring `RedisSessionRepository` (JDK)"),
          Map.entry("spring-redis-json", "Spring `RedisSessionRepository` (JSON)"),
          Map.entry("spring-indexed-jdk", "Spring `RedisIndexedSessionRepository` (JDK)"),
          Map.entry("spring-indexed-json", "Spring `RedisIndexedSessionRepository` (JSON)"),
          Map.entry("spring-jdbc-jdk", "Spring `JdbcIndexedSessionRepository` (JDK)"),
          Map.entry("spring-jdbc-json", "Spring `JdbcIndexedSessionRepository` (JSON)"),
          Map.entry("caffeine", "raw Caffeine"),
          Map.entry("jedis", "raw Jedis"),
          Map.entry("jdbc", "raw JDBC"),
          Map.entry("jdbc-jedis", "raw JDBC UPDATE, then raw Jedis SET"));

  private static final Map<String, String> REQUEST_LABELS =
      Map.ofEntries(
          Map.entry("readThenWrite", "read, then write of the same key (in sequence)"),
          Map.entry("find", "find"),
          Map.entry("create", "create"),
          Map.entry("typical", "typical request"),
          Map.entry("readOnly", "read-only request"),
          Map.entry("mixed", "90 % read mix"),
          Map.entry("read", "read (GET / SELECT)"),
          Map.entry("write", "write (SET / UPDATE)"),
          Map.entry("insert", "insert (SET / INSERT of a new key)"));

  /** A run counts as quiet when no benchmark saw more CPU steal than this, in percent. */
  static final double QUIET_STEAL_PERCENT = 2.0;

  private final Map<String, Measurement> byKey = new HashMap<>();
  private final TreeSet<Integer> threadCounts = new TreeSet<>();
  private final LocalHitProbe.@Nullable Result localHits;

  SuiteReport(Collection<Measurement> measurements) {
    this(measurements, null);
  }

  SuiteReport(Collection<Measurement> measurements, LocalHitProbe.@Nullable Result localHits) {
    this.localHits = localHits;
    for (Measurement m : measurements) {
      byKey.put(key(m.request(), m.subject(), m.threads()), m);
      threadCounts.add(m.threads());
    }
  }

  private static String key(String request, String subject, int threads) {
    return request + "/" + subject + "/" + threads;
  }

  private @Nullable Measurement get(String request, String subject, int threads) {
    return byKey.get(key(request, subject, threads));
  }

  /** The markdown tables (no heading above them; the caller's section has it). */
  String markdown() {
    List<String> out = new ArrayList<>();
    floorTargets(out);
    targets(out);
    for (int threads : threadCounts) {
      results(out, threads);
      versusSpring(out, threads);
    }
    return String.join("\n", out) + "\n";
  }

  /**
   * The targets of issue 13: each request's median over the median of the raw work it cannot avoid,
   * measured in this run (GET + SET, SELECT + UPDATE, the tiered store's UPDATE + SET when the
   * session is held locally, SET or INSERT for a create, Caffeine get + put), plus the tiered
   * store's throughput against the PostgreSQL store's at 4 threads and its local hit ratio.
   */
  private void floorTargets(List<String> out) {
    out.add(
        "### Targets of issue 13 (median over the raw floor's median for the same work, this run)");
    out.add("");
    out.add(
        "The floor of a two-step request is measured twice: in sequence (the two raw calls one"
            + " after the other, as the request makes them: `FloorBenchmark.readThenWrite`, and for"
            + " the tiered store the `jdbc-jedis` floor's UPDATE then SET) and apart (the medians"
            + " of separate loops of each call, summed). The result is judged on the floor in"
            + " sequence, the same work done the same way.");
    out.add("");
    out.add(
        "| measure | threads | sessionkit median µs | floor in sequence µs | ratio |"
            + " floor apart µs | ratio | target | result |");
    out.add("|---|---:|---:|---:|---:|---:|---:|---:|---|");
    for (int threads : new int[] {1, 4}) {
      floorTarget(
          out,
          "Redis typical request / (GET, SET)",
          "typical",
          "redis",
          threads,
          threads == 1 ? 1.15 : 1.5,
          new String[] {"readThenWrite", "jedis"},
          "read",
          "jedis",
          "write",
          "jedis");
    }
    for (int threads : new int[] {1, 4}) {
      floorTarget(
          out,
          "PostgreSQL typical request / (SELECT, UPDATE)",
          "typical",
          "postgresql",
          threads,
          threads == 1 ? 1.25 : 1.6,
          new String[] {"readThenWrite", "jdbc"},
          "read",
          "jdbc",
          "write",
          "jdbc");
    }
    floorTarget(
        out,
        "tiered typical request, held locally / (UPDATE, SET)",
        "typical",
        "tiered",
        1,
        1.3,
        new String[] {"write", "jdbc-jedis"},
        "write",
        "jdbc",
        "write",
        "jedis");
    floorTarget(
        out, "Redis create / SET", "create", "redis", 1, 1.2, null, "insert", "jedis", null, null);
    floorTarget(
        out,
        "PostgreSQL create / INSERT",
        "create",
        "postgresql",
        1,
        1.3,
        null,
        "insert",
        "jdbc",
        null,
        null);
    floorTarget(
        out,
        "memory typical request / (Caffeine get, put)",
        "typical",
        "memory",
        1,
        4.0,
        new String[] {"readThenWrite", "caffeine"},
        "read",
        "caffeine",
        "write",
        "caffeine");
    Measurement find = get("find", "memory", 1);
    out.add(
        row(
            "memory store find (absolute)",
            "1",
            find == null ? "-" : micros(find.medianNanos()),
            "-",
            "-",
            "-",
            "-",
            "<= 0.50 µs",
            find == null ? "NOT MEASURED" : find.medianNanos() <= 500 ? "PASS" : "**SHORT**"));
    Measurement tiered = get("typical", "tiered", 4);
    Measurement postgres = get("typical", "postgresql", 4);
    String result =
        tiered == null || postgres == null
            ? "NOT MEASURED"
            : tiered.opsPerSecond() >= postgres.opsPerSecond() ? "PASS" : "**SHORT**";
    out.add(
        row(
            "tiered typical request ops/s over the PostgreSQL store's",
            "4",
            tiered == null ? "-" : count(tiered.opsPerSecond()) + " ops/s",
            postgres == null ? "-" : count(postgres.opsPerSecond()) + " ops/s",
            tiered == null || postgres == null
                ? "-"
                : ratio(tiered.opsPerSecond() / postgres.opsPerSecond()),
            "-",
            "-",
            ">= 1.00x",
            result));
    out.add(
        row(
            "tiered local hit ratio, one node, typical requests on its own sessions",
            "1",
            localHits == null ? "-" : localHits.describe(),
            "-",
            "-",
            "-",
            "-",
            ">= 99 %",
            localHits == null ? "NOT MEASURED" : localHits.ratio() >= 0.99 ? "PASS" : "**SHORT**"));
    out.add("");
  }

  /**
   * One row: {@code sequence} names the floor in sequence ({request, client}) the result is judged
   * on, if there is one; the floor apart is one or two separately measured calls, summed.
   */
  private void floorTarget(
      List<String> out,
      String label,
      String request,
      String subject,
      int threads,
      double target,
      String @Nullable [] sequence,
      String floorRequest,
      String floorClient,
      @Nullable String secondRequest,
      @Nullable String secondClient) {
    Measurement ours = get(request, subject, threads);
    Measurement first = get(floorRequest, floorClient, threads);
    Measurement second = secondRequest == null ? null : get(secondRequest, secondClient, threads);
    Measurement inSequence = sequence == null ? null : get(sequence[0], sequence[1], threads);
    if (ours == null
        || first == null
        || (secondRequest != null && second == null)
        || (sequence != null && inSequence == null)) {
      out.add(
          row(
              label,
              String.valueOf(threads),
              "-",
              "-",
              "-",
              "-",
              "-",
              "<= " + ratio(target),
              "NOT MEASURED"));
      return;
    }
    double apart = first.medianNanos() + (second == null ? 0 : second.medianNanos());
    double judged = inSequence == null ? apart : inSequence.medianNanos();
    double r = ours.medianNanos() / judged;
    out.add(
        row(
            label,
            String.valueOf(threads),
            micros(ours.medianNanos()),
            inSequence == null ? "-" : micros(inSequence.medianNanos()),
            inSequence == null ? "-" : ratio(r),
            micros(apart),
            ratio(ours.medianNanos() / apart),
            "<= " + ratio(target),
            r <= target ? "PASS" : "**SHORT**"));
  }

  private void targets(List<String> out) {
    out.add("### Targets (one thread; sessionkit's throughput over Spring Session's)");
    out.add("");
    out.add(
        "| request | sessionkit | Spring Session | sessionkit mean µs | Spring mean µs | ratio |"
            + " ratio of medians | target | result |");
    out.add("|---|---|---|---:|---:|---:|---:|---:|---|");
    for (Target t : TARGETS) {
      Measurement ours = get(t.request(), t.ours(), 1);
      Measurement theirs = get(t.request(), t.spring(), 1);
      String result;
      String ratio = "-";
      String medianRatio = "-";
      if (ours == null || theirs == null) {
        result = "NOT MEASURED";
      } else {
        double r = theirs.meanNanos() / ours.meanNanos();
        ratio = ratio(r);
        medianRatio = ratio(theirs.medianNanos() / ours.medianNanos());
        result = r >= t.ratio() ? "PASS" : "**SHORT**";
      }
      out.add(
          row(
              requestLabel(t.request()),
              label(t.ours()),
              label(t.spring()),
              ours == null ? "-" : micros(ours.meanNanos()),
              theirs == null ? "-" : micros(theirs.meanNanos()),
              ratio,
              medianRatio,
              ratio(t.ratio()),
              result));
    }
    out.add("");
  }

  private void results(List<String> out, int threads) {
    out.add("### Every request at " + threads + (threads == 1 ? " thread" : " threads"));
    out.add("");
    out.add("| request | subject | median µs | p99 µs | ops/s | cost / floor | steal % |");
    out.add("|---|---|---:|---:|---:|---:|---:|");
    for (String request : REQUESTS) {
      for (String subject : Subjects.ALL) {
        Measurement m = get(request, subject, threads);
        if (m == null) {
          continue;
        }
        Double floor = floorNanos(request, subject, threads);
        out.add(
            row(
                requestLabel(request),
                label(subject),
                micros(m.medianNanos()),
                micros(m.p99Nanos()),
                count(m.opsPerSecond()),
                floor == null ? "-" : ratio(m.meanNanos() / floor),
                steal(m)));
      }
    }
    for (String request : List.of("read", "write", "insert", "readThenWrite")) {
      for (String client : List.of("caffeine", "jedis", "jdbc", "jdbc-jedis")) {
        Measurement m = get(request, client, threads);
        if (m != null) {
          out.add(
              row(
                  requestLabel(request),
                  label(client) + " (floor)",
                  micros(m.medianNanos()),
                  micros(m.p99Nanos()),
                  count(m.opsPerSecond()),
                  "1",
                  steal(m)));
        }
      }
    }
    out.add("");
  }

  /**
   * One line on the CPU steal the measured iterations saw: the mean over every benchmark, the
   * highest and where, and whether the run was quiet (no benchmark above {@value
   * #QUIET_STEAL_PERCENT} %).
   */
  String stealSummary() {
    List<Measurement> measured =
        byKey.values().stream().filter(m -> !Double.isNaN(m.stealPercent())).toList();
    if (measured.isEmpty()) {
      return "not measured (no /proc/stat).";
    }
    Measurement worst =
        measured.stream().max(Comparator.comparingDouble(Measurement::stealPercent)).orElseThrow();
    double mean = measured.stream().mapToDouble(Measurement::stealPercent).average().orElseThrow();
    long noisy = measured.stream().filter(m -> m.stealPercent() > QUIET_STEAL_PERCENT).count();
    return String.format(
            Locale.ROOT,
            "%.1f %% on average over the measured iterations of %d benchmarks, at most %.1f %%"
                + " (%s on %s at %d %s); ",
            mean,
            measured.size(),
            worst.stealPercent(),
            requestLabel(worst.request()),
            label(worst.subject()),
            worst.threads(),
            worst.threads() == 1 ? "thread" : "threads")
        + (noisy == 0
            ? "a quiet run (no benchmark above " + percent(QUIET_STEAL_PERCENT) + " %)."
            : "**not a quiet run**: "
                + noisy
                + " benchmarks saw more than "
                + percent(QUIET_STEAL_PERCENT)
                + " % steal (column \"steal %\" below), and their figures are less reliable.");
  }

  private static String steal(Measurement m) {
    return Double.isNaN(m.stealPercent()) ? "-" : percent(m.stealPercent());
  }

  private static String percent(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

  private void versusSpring(List<String> out, int threads) {
    out.add(
        "### sessionkit over Spring Session at "
            + threads
            + (threads == 1 ? " thread" : " threads")
            + " (throughput ratio; above 1 means sessionkit is faster)");
    out.add("");
    List<String> spring = Subjects.SPRING;
    StringBuilder header = new StringBuilder("| request | sessionkit |");
    StringBuilder rule = new StringBuilder("|---|---|");
    for (String s : spring) {
      header.append(' ').append(s).append(" |");
      rule.append("---:|");
    }
    out.add(header.toString());
    out.add(rule.toString());
    for (String request : REQUESTS) {
      for (String ours : Subjects.SESSIONKIT) {
        Measurement mine = get(request, ours, threads);
        if (mine == null) {
          continue;
        }
        List<String> cells = new ArrayList<>(List.of(requestLabel(request), label(ours)));
        boolean any = false;
        for (String s : spring) {
          Measurement theirs = get(request, s, threads);
          boolean comparable = theirs != null && sameServer(ours, s);
          cells.add(comparable ? ratio(theirs.meanNanos() / mine.meanNanos()) : "");
          any |= comparable;
        }
        if (any) {
          out.add(row(cells.toArray(String[]::new)));
        }
      }
    }
    out.add("");
  }

  /**
   * Whether a sessionkit store and a Spring repository are peers: same server, or tiered vs Redis.
   */
  private static boolean sameServer(String ours, String spring) {
    boolean springRedis = !spring.startsWith("spring-jdbc");
    return switch (ours) {
      case "redis", "tiered", "tiered-no-local" -> springRedis;
      case "postgresql", "postgresql-silent" -> !springRedis;
      default -> false;
    };
  }

  /** The raw-client time of the work a request cannot avoid, or null if a floor is missing. */
  @Nullable Double floorNanos(String request, String subject, int threads) {
    if (subject.startsWith("tiered")) {
      // With a local tier, reads come from Caffeine; without, from Redis. Writes go to both remote
      // tiers.
      Double read = mean("read", subject.equals("tiered") ? "caffeine" : "jedis", threads);
      Double jdbcWrite = mean("write", "jdbc", threads);
      Double jedisWrite = mean("write", "jedis", threads);
      if (read == null || jdbcWrite == null || jedisWrite == null) {
        return null;
      }
      return compose(request, read, jdbcWrite + jedisWrite);
    }
    String client =
        switch (subject) {
          case "memory" -> "caffeine";
          case "postgresql", "postgresql-silent", "spring-jdbc-jdk", "spring-jdbc-json" -> "jdbc";
          default -> "jedis";
        };
    Double read = mean("read", client, threads);
    Double write = mean("write", client, threads);
    return read == null || write == null ? null : compose(request, read, write);
  }

  private static double compose(String request, double read, double write) {
    return switch (request) {
      case "find", "readOnly" -> read;
      case "create" -> write;
      case "typical" -> read + write;
      case "mixed" -> read + write / SessionBenchmark.MIXED_WRITE_EVERY;
      default -> throw new IllegalArgumentException("no floor for request " + request);
    };
  }

  private @Nullable Double mean(String request, String client, int threads) {
    Measurement m = get(request, client, threads);
    return m == null ? null : m.meanNanos();
  }

  private static String requestLabel(String request) {
    return REQUEST_LABELS.getOrDefault(request, request);
  }

  /**
   * A subject's or client's label; its name if it has none, so a new subject never costs a run its
   * report.
   */
  private static String label(String name) {
    return LABELS.getOrDefault(name, name);
  }

  private static String row(String... cells) {
    return "| " + String.join(" | ", cells) + " |";
  }

  static String micros(double nanos) {
    double micros = nanos / 1_000;
    if (micros < 10) {
      return String.format(Locale.ROOT, "%.2f", micros);
    }
    return String.format(Locale.ROOT, "%,.1f", micros);
  }

  static String ratio(double ratio) {
    return String.format(Locale.ROOT, ratio < 10 ? "%.2fx" : "%,.0fx", ratio);
  }

  private static String count(double value) {
    return String.format(Locale.ROOT, "%,.0f", value);
  }
}
