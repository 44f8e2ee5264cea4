package io.github.sessionkit.spi;

/**
 * A shared cache whose whole content can go back in time: a Redis server restarted from its
 * snapshot, a failover to a lagging replica, a restore. Its entries carry the generation they were
 * written in; a tiered store agrees a generation with every other node through the record of truth
 * ({@link GenerationLedger}), keyed by the cache's {@link #datasetIdentity()}, so entries written
 * before a discontinuity read as misses afterwards.
 *
 * <p>Reached through {@link SessionStore#generationalCache()}. Thread-safe.
 */
public interface GenerationalCache {

  /**
   * An identity of the cache's current dataset that changes whenever the dataset may have gone back
   * in time (for Redis: the run ids of its primaries, new on every restart and failover). One round
   * trip.
   *
   * @throws io.github.sessionkit.StoreUnavailableException if the cache cannot be reached
   */
  String datasetIdentity();

  /**
   * From now on, writes carry {@code generation} and entries of an older generation are misses for
   * reads and are left alone by touches; {@code 0} turns the check off. Generations only grow: a
   * smaller value than the current one is ignored.
   */
  void useGeneration(long generation);

  /** The generation set last, or 0. */
  long generation();
}
