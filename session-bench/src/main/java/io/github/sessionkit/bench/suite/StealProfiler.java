package io.github.sessionkit.bench.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;
import org.openjdk.jmh.runner.IterationType;

/**
 * A JMH profiler that reports the share of CPU time the hypervisor took from this machine (the
 * {@code steal} column of {@code /proc/stat}) over each measured iteration, as the secondary result
 * {@value #LABEL}, in percent, averaged over the iterations.
 *
 * <p>Why: on a shared virtual machine, the one-thread rows move by a third from one run to the next
 * with nothing changed when other guests take the CPUs (40-76 % steal was seen during benchmark
 * runs), and a report that does not say so cannot be read. The suite shows each benchmark's steal
 * beside its result and says whether the run was quiet. Where {@code /proc/stat} does not exist
 * (not Linux) nothing is reported.
 */
public final class StealProfiler implements InternalProfiler {

  /** The secondary result's label. */
  static final String LABEL = "steal";

  private static final Path PROC_STAT = Path.of("/proc/stat");

  private long @Nullable [] before;

  /** Called by JMH, which instantiates profilers by reflection. */
  public StealProfiler() {}

  @Override
  public String getDescription() {
    return "CPU steal time (/proc/stat) over each measured iteration, in percent";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    before = iterationParams.getType() == IterationType.MEASUREMENT ? read(PROC_STAT) : null;
  }

  @Override
  public Collection<? extends Result> afterIteration(
      BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
    long[] start = before;
    before = null;
    long[] end = start == null ? null : read(PROC_STAT);
    if (start == null || end == null) {
      return List.of();
    }
    double percent = percent(start, end);
    return Double.isNaN(percent)
        ? List.of()
        : List.of(new ScalarResult(LABEL, percent, "%", AggregationPolicy.AVG));
  }

  /**
   * Steal over all time between two readings, in percent; NaN if no time passed.
   *
   * @param start {@code {steal, total}} jiffies at the start, as {@link #parse} returns them
   * @param end the same at the end
   */
  static double percent(long[] start, long[] end) {
    long total = end[1] - start[1];
    return total <= 0 ? Double.NaN : 100.0 * (end[0] - start[0]) / total;
  }

  /**
   * The {@code {steal, total}} jiffies of the aggregate {@code cpu} line of {@code /proc/stat}
   * (user, nice, system, idle, iowait, irq, softirq, steal; guest time is already in user), or null
   * if the text has no such line with a steal column.
   */
  static long @Nullable [] parse(String procStat) {
    for (String line : procStat.split("\n", -1)) {
      if (!line.startsWith("cpu ")) {
        continue;
      }
      String[] fields = line.trim().split("\\s+");
      if (fields.length < 9) {
        return null;
      }
      long total = 0;
      try {
        for (int i = 1; i <= 8; i++) {
          total += Long.parseLong(fields[i]);
        }
        return new long[] {Long.parseLong(fields[8]), total};
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static long @Nullable [] read(Path path) {
    try {
      return Files.exists(path) ? parse(Files.readString(path)) : null;
    } catch (IOException e) {
      return null;
    }
  }
}
