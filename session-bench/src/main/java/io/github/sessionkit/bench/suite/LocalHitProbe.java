package io.github.sessionkit.bench.suite;

import io.github.sessionkit.spi.TierStats;
import io.github.sessionkit.spi.TierView;
import java.util.Locale;

/**
 * The local hit ratio of the tiered store when one node loops over its own sessions with typical
 * requests (find, change one attribute, save): a node's own saves and their notices must leave its
 * fresh copy in place, so nearly every find is answered locally. Run in the suite's JVM, outside
 * JMH, on the {@code tiered} subject with the suite's servers.
 */
final class LocalHitProbe {

  /** Typical requests per session. */
  static final int ROUNDS = 5;

  private LocalHitProbe() {}

  /** The local tier's hits over reads during {@value #ROUNDS} typical requests per session. */
  static Result run(BenchServers servers) {
    SessionkitSubject subject = (SessionkitSubject) Subjects.open("tiered", servers);
    try {
      TierView tiers = subject.manager().store().tiers().orElseThrow();
      TierStats before = local(tiers);
      for (int round = 0; round < ROUNDS; round++) {
        for (int i = 0; i < Subjects.SESSIONS; i++) {
          subject.typical(i);
        }
      }
      TierStats after = local(tiers);
      return new Result(after.hits() - before.hits(), after.misses() - before.misses());
    } finally {
      subject.close();
    }
  }

  private static TierStats local(TierView tiers) {
    return tiers.tierStats().stream()
        .filter(t -> t.role() == TierStats.Role.LOCAL)
        .findFirst()
        .orElseThrow();
  }

  /** Local hits and misses counted during the probe. */
  record Result(long hits, long misses) {
    double ratio() {
      long reads = hits + misses;
      return reads == 0 ? 0 : (double) hits / reads;
    }

    String describe() {
      return String.format(
          Locale.ROOT,
          "%.2f %% (%,d hits, %,d misses in %,d typical requests)",
          ratio() * 100,
          hits,
          misses,
          hits + misses);
    }
  }
}
