package io.github.sessionkit.bench.load;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A log-linear histogram of non-negative values (latencies in nanoseconds): values below 128
 * are counted exactly, larger ones in 64 equal buckets per power of two, so a percentile is at
 * most 1/64 (1.6 %) above the true sample. Count, sum, minimum and maximum are exact.
 *
 * <p>Rows of buckets are allocated on first use: a run whose latencies span a few powers of
 * two costs a few KiB per histogram, which is what lets the recorder keep one per second of a
 * long run. Thread-safe and lock-free; a percentile read while values are recorded sees some
 * of them.
 */
final class Histogram {

  private static final int SUB_BITS = 6;
  private static final int SUB_BUCKETS = 1 << SUB_BITS;
  private static final int EXACT = SUB_BUCKETS * 2;
  // Row 0 holds 0..127 exactly; row r >= 1 holds [2^(r+6), 2^(r+7)) in 64 buckets of width 2^r.
  private static final int ROWS = 63 - SUB_BITS;

  private final AtomicReferenceArray<AtomicLongArray> rows = new AtomicReferenceArray<>(ROWS);
  private final LongAdder count = new LongAdder();
  private final LongAdder sum = new LongAdder();
  private final AtomicLong min = new AtomicLong(Long.MAX_VALUE);
  private final AtomicLong max = new AtomicLong(Long.MIN_VALUE);

  /** Counts one value; a negative one (a clock going back) counts as 0. */
  void record(long value) {
    long v = Math.max(0, value);
    int row = row(v);
    row(row).incrementAndGet(index(row, v));
    count.increment();
    sum.add(v);
    min.accumulateAndGet(v, Math::min);
    max.accumulateAndGet(v, Math::max);
  }

  /** Adds every value counted by {@code other} to this histogram. */
  void add(Histogram other) {
    long otherCount = 0;
    for (int r = 0; r < ROWS; r++) {
      AtomicLongArray source = other.rows.get(r);
      if (source == null) {
        continue;
      }
      AtomicLongArray target = row(r);
      for (int i = 0; i < source.length(); i++) {
        long n = source.get(i);
        if (n != 0) {
          target.addAndGet(i, n);
          otherCount += n;
        }
      }
    }
    if (otherCount == 0) {
      return;
    }
    count.add(otherCount);
    sum.add(other.sum.sum());
    min.accumulateAndGet(other.min.get(), Math::min);
    max.accumulateAndGet(other.max.get(), Math::max);
  }

  long count() {
    return count.sum();
  }

  long sum() {
    return sum.sum();
  }

  /** The smallest value, or 0 when empty. */
  long min() {
    return count() == 0 ? 0 : min.get();
  }

  /** The largest value, or 0 when empty. */
  long max() {
    return count() == 0 ? 0 : max.get();
  }

  /** The exact arithmetic mean, or 0 when empty. */
  double mean() {
    long n = count();
    return n == 0 ? 0 : (double) sum() / n;
  }

  /**
   * The value below or at which {@code percent} % of the values lie: the upper bound of the
   * bucket holding that rank (never above the maximum nor below the minimum), or 0 when empty.
   *
   * @param percent from 0 to 100
   */
  long percentile(double percent) {
    if (!(percent >= 0 && percent <= 100)) {
      throw new IllegalArgumentException("percent must be from 0 to 100, got " + percent);
    }
    long total = 0;
    for (int r = 0; r < ROWS; r++) {
      AtomicLongArray row = rows.get(r);
      if (row != null) {
        for (int i = 0; i < row.length(); i++) {
          total += row.get(i);
        }
      }
    }
    if (total == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(percent / 100.0 * total));
    long seen = 0;
    for (int r = 0; r < ROWS; r++) {
      AtomicLongArray row = rows.get(r);
      if (row == null) {
        continue;
      }
      for (int i = 0; i < row.length(); i++) {
        seen += row.get(i);
        if (seen >= rank) {
          return Math.max(min(), Math.min(max(), upperBound(r, i)));
        }
      }
    }
    return max();
  }

  static int row(long v) {
    if (v < EXACT) {
      return 0;
    }
    int msb = 63 - Long.numberOfLeadingZeros(v);
    return msb - SUB_BITS;
  }

  static int index(int row, long v) {
    return row == 0 ? (int) v : (int) (v >>> row) - SUB_BUCKETS;
  }

  /** The largest value that falls into bucket {@code index} of {@code row}. */
  static long upperBound(int row, int index) {
    if (row == 0) {
      return index;
    }
    long top = (long) index + SUB_BUCKETS + 1;
    return row == ROWS - 1 && index == SUB_BUCKETS - 1 ? Long.MAX_VALUE : (top << row) - 1;
  }

  private AtomicLongArray row(int r) {
    AtomicLongArray row = rows.get(r);
    if (row == null) {
      rows.compareAndSet(r, null, new AtomicLongArray(r == 0 ? EXACT : SUB_BUCKETS));
      row = rows.get(r);
    }
    return row;
  }
}
