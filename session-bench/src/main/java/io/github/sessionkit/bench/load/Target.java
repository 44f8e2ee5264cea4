package io.github.sessionkit.bench.load;

import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * What a run loads: a {@code SessionManager} in this process ({@link InProcessTarget}) or an
 * application over HTTP ({@link HttpTarget}). Used by the thread that runs the load test; the users
 * it makes run on threads of their own.
 *
 * @param <L> what identifies one signed-in session of a user (see {@link UserActions})
 */
interface Target<L> {

  /** One line naming what is loaded, for the reports: the store and tenant, or the URLs. */
  String description();

  /**
   * Gets ready for the plan: creates the sessions every user reads when its scenario needs them,
   * and starts counting cache reads.
   *
   * @throws RuntimeException if that fails: the run cannot start
   */
  void prepare(LoadPlan plan);

  /**
   * The actions of virtual user {@code number}.
   *
   * @param recorder the run's recorder, for what the actions note beyond their latency
   */
  UserActions<L> newUser(int number, SplittableRandom random, LatencyRecorder recorder);

  /** The cross-node probe, or null when there are not two nodes to compare. */
  @Nullable CrossNodeProbe crossNodeProbe(CrossNodeRecorder recorder);

  /** The cache tier's reads since {@link #prepare}, or null when they cannot be seen. */
  @Nullable CacheHits cacheHits();

  /** Why {@link #cacheHits()} is null, for the grading: {@code the store is not tiered}. */
  String noCacheHitsReason();

  /** Removes what {@link #prepare} created; best effort, never throws. */
  void cleanUp();
}
