package io.github.sessionkit.tiered;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionkit.Session;
import io.github.sessionkit.SessionManager;
import io.github.sessionkit.spi.ForwardingSessionStore;
import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.spi.SessionStore;
import io.github.sessionkit.spi.TierStats;
import io.github.sessionkit.store.memory.MemorySessionStore;
import io.github.sessionkit.testkit.CountingSessionStore;
import io.github.sessionkit.testkit.SessionStoreContract;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The tiered store's composition (fill, write-through, single flight, removal from every tier) with
 * memory stores standing in for each tier. Cross-node coherence and failures need real notification
 * channels and real servers: they are tested in the Redis and PostgreSQL modules.
 */
class TieredOverMemoryContractTest extends SessionStoreContract {

  private TieredSessionStore tiered;
  private CountingSessionStore bottom;

  @Override
  protected SessionStore newStore(Clock clock) {
    if (tiered == null) {
      bottom = new CountingSessionStore(MemorySessionStore.builder().clock(clock).build());
      tiered =
          TieredSessionStore.builder()
              .localTier(MemorySessionStore.builder().clock(clock).build())
              .remoteTier(MemorySessionStore.builder().clock(clock).build())
              .remoteTier(bottom)
              .clock(clock)
              .build();
      return tiered;
    }
    // One process has one tiered store; a "second node" here shares it.
    return new ForwardingSessionStore(tiered) {
      @Override
      public void close() {}
    };
  }

  @Test
  void aHitInALowerTierFillsTheTiersAboveAndTheNextReadIsLocal() {
    SessionKey key = newKey();
    bottom.delegate().insert(record(key, "alice", Map.of("a", "1")));
    bottom.reset();

    assertThat(store.load(key)).isNotNull();
    assertThat(store.load(key)).isNotNull();
    assertThat(store.load(key)).isNotNull();

    // One load, and one more after the cache tier, which lacked the key, took the copy: a
    // logout applied in between must take it back (see TieredRulesTest).
    assertThat(bottom.count("load")).isEqualTo(2);
    List<TierStats> stats = tiered.tierStats();
    assertThat(stats.get(0).hits()).isEqualTo(2);
    assertThat(stats.get(1).misses()).isEqualTo(1);
    assertThat(stats.get(2).hits()).isEqualTo(1);
  }

  @Test
  void concurrentMissesForOneKeyCostOneLoadFromBelow() throws Exception {
    SessionKey key = newKey();
    bottom.delegate().insert(record(key, "alice", Map.of("a", "1")));
    bottom.reset();

    runConcurrently(100, t -> assertThat(store.load(key)).isNotNull());

    // One shared load, plus the check after filling a cache tier that lacked the key.
    assertThat(bottom.count("load")).as("100 concurrent finds of one cold id").isEqualTo(2);
  }

  @Test
  void writesReachEveryTierAndDeletesLeaveNone() {
    SessionManager manager = manager(store);
    Session session = manager.create("alice");
    session.put("a", 1);
    manager.save(session);
    SessionKey key = SessionKey.forId(tenant, session.id());

    assertThat(bottom.delegate().load(key)).isNotNull();
    manager.invalidate(session.id());

    assertThat(bottom.delegate().load(key)).isNull();
    assertThat(store.load(key)).isNull();
    assertThat(tiered.warmUp(List.of(key))).isZero();
  }
}
