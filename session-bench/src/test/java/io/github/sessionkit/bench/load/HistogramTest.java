package io.github.sessionkit.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HistogramTest {

  private static final double[] PERCENTILES = {0, 1, 10, 25, 50, 75, 90, 95, 99, 99.9, 100};

  /** The nearest-rank percentile of sorted samples: what the histogram approximates. */
  private static long exact(long[] sorted, double percent) {
    int rank = (int) Math.max(1, Math.ceil(percent / 100.0 * sorted.length));
    return sorted[rank - 1];
  }

  @Test
  void emptyHistogramReportsZeros() {
    Histogram h = new Histogram();

    assertThat(h.count()).isZero();
    assertThat(h.mean()).isZero();
    assertThat(h.min()).isZero();
    assertThat(h.max()).isZero();
    assertThat(h.percentile(99)).isZero();
  }

  @Test
  void smallValuesAreCountedExactly() {
    Histogram h = new Histogram();
    for (long v = 1; v <= 100; v++) {
      h.record(v);
    }

    assertThat(h.count()).isEqualTo(100);
    assertThat(h.mean()).isEqualTo(50.5);
    assertThat(h.min()).isEqualTo(1);
    assertThat(h.max()).isEqualTo(100);
    assertThat(h.percentile(50)).isEqualTo(50);
    assertThat(h.percentile(95)).isEqualTo(95);
    assertThat(h.percentile(99)).isEqualTo(99);
    assertThat(h.percentile(100)).isEqualTo(100);
    assertThat(h.percentile(0)).isEqualTo(1);
  }

  @Test
  void percentilesOfAUniformSpreadAreNeverBelowAndAtMostOneSixtyFourthAbove() {
    long[] values = new long[100_000];
    Histogram h = new Histogram();
    for (int i = 0; i < values.length; i++) {
      values[i] = (i + 1) * 1_000L;
      h.record(values[i]);
    }

    for (double p : PERCENTILES) {
      long truth = exact(values, p);
      assertThat(h.percentile(p)).as("p%s", p).isBetween(truth, truth + truth / 64);
    }
  }

  @Test
  void percentilesOfALongTailedSpreadStayWithinTheBucketError() {
    // Latency-like: most values around 100 us, a tail up to seconds.
    SplittableRandom random = new SplittableRandom(42);
    long[] values = new long[200_000];
    Histogram h = new Histogram();
    for (int i = 0; i < values.length; i++) {
      values[i] = (long) (100_000 * Math.exp(random.nextGaussian() * 1.5));
      h.record(values[i]);
    }
    long[] sorted = values.clone();
    Arrays.sort(sorted);

    for (double p : PERCENTILES) {
      long truth = exact(sorted, p);
      assertThat(h.percentile(p)).as("p%s", p).isBetween(truth, truth + truth / 64);
    }
    assertThat(h.min()).isEqualTo(sorted[0]);
    assertThat(h.max()).isEqualTo(sorted[sorted.length - 1]);
    assertThat(h.sum()).isEqualTo(Arrays.stream(values).sum());
    assertThat(h.mean()).isEqualTo((double) Arrays.stream(values).sum() / values.length);
  }

  @Test
  void aSingleValueIsEveryPercentileExactly() {
    Histogram h = new Histogram();
    h.record(123_456_789);

    for (double p : PERCENTILES) {
      assertThat(h.percentile(p)).isEqualTo(123_456_789);
    }
  }

  @Test
  void bucketsCoverTheWholeRangeWithoutGaps() {
    long previousUpper = -1;
    for (int row = 0; row < 57; row++) {
      int slots = row == 0 ? 128 : 64;
      for (int i = 0; i < slots; i++) {
        long upper = Histogram.upperBound(row, i);
        long lower = previousUpper + 1;
        assertThat(Histogram.row(lower)).isEqualTo(row);
        assertThat(Histogram.index(row, lower)).isEqualTo(i);
        assertThat(Histogram.row(upper)).isEqualTo(row);
        assertThat(Histogram.index(row, upper)).isEqualTo(i);
        // The bucket is at most 1/64 as wide as its smallest value: the percentile error bound.
        assertThat(upper - lower).isLessThanOrEqualTo(lower / 64);
        previousUpper = upper;
      }
    }
    assertThat(previousUpper).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void extremeAndNegativeValuesAreAccepted() {
    Histogram h = new Histogram();
    h.record(-5);
    h.record(Long.MAX_VALUE);

    assertThat(h.min()).isZero();
    assertThat(h.max()).isEqualTo(Long.MAX_VALUE);
    assertThat(h.percentile(50)).isZero();
    assertThat(h.percentile(100)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void addingHistogramsEqualsRecordingEverythingInOne() {
    SplittableRandom random = new SplittableRandom(7);
    Histogram a = new Histogram();
    Histogram b = new Histogram();
    Histogram both = new Histogram();
    for (int i = 0; i < 10_000; i++) {
      long v = random.nextLong(1, 50_000_000);
      (i % 3 == 0 ? a : b).record(v);
      both.record(v);
    }
    Histogram merged = new Histogram();
    merged.add(a);
    merged.add(b);
    merged.add(new Histogram());

    assertThat(merged.count()).isEqualTo(both.count());
    assertThat(merged.sum()).isEqualTo(both.sum());
    assertThat(merged.min()).isEqualTo(both.min());
    assertThat(merged.max()).isEqualTo(both.max());
    for (double p : PERCENTILES) {
      assertThat(merged.percentile(p)).isEqualTo(both.percentile(p));
    }
  }

  @Test
  void concurrentRecordingLosesNothing() throws Exception {
    Histogram h = new Histogram();
    int threads = 4;
    int perThread = 100_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      for (int t = 0; t < threads; t++) {
        int offset = t;
        pool.execute(() -> {
          try {
            start.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
          for (int i = 0; i < perThread; i++) {
            h.record(1_000 + (i % 1_000) * 1_000L + offset);
          }
        });
      }
      start.countDown();
      pool.shutdown();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      pool.shutdownNow();
    }

    assertThat(h.count()).isEqualTo((long) threads * perThread);
    assertThat(h.min()).isEqualTo(1_000);
    assertThat(h.max()).isEqualTo(1_000 + 999 * 1_000L + threads - 1);
    // Every count landed in a bucket: the 100th percentile is reached exactly at the maximum.
    assertThat(h.percentile(100)).isEqualTo(h.max());
    assertThat(h.percentile(50)).isBetween(500_000L, 500_000L + 500_000L / 64 + threads);
  }

  @Test
  void percentileOutsideZeroToHundredIsRefused() {
    Histogram h = new Histogram();
    assertThatThrownBy(() -> h.percentile(100.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> h.percentile(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> h.percentile(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }
}
