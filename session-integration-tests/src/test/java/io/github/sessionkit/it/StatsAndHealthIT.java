package io.github.sessionkit.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionkit.Health;
import io.github.sessionkit.Session;
import io.github.sessionkit.SessionStats;
import io.github.sessionkit.spi.StoreHealth;
import io.github.sessionkit.spi.TierStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Stats and health of a tiered manager against known numbers of sessions on real servers. */
class StatsAndHealthIT {

  private TwoNodeCluster cluster;
  private TwoNodeCluster.Node node;

  @BeforeEach
  void start() {
    cluster = new TwoNodeCluster();
    node = cluster.node("a");
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void statsCountWhatIsStoredAndWhatThisNodeDid() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      Session session = node.manager.create("user" + (i % 4));
      session.put("i", i);
      node.manager.save(session);
      ids.add(session.id());
    }
    node.manager.invalidate(ids.get(0));
    node.manager.invalidateAll("user1");
    node.manager.rotateId(node.manager.find(ids.get(2)).orElseThrow());
    node.manager.find("not-an-id");
    for (String id : ids) {
      node.manager.find(id);
    }

    SessionStats stats = node.manager.stats();

    // 12 created; user0 lost 1 (ids 0), user1 lost 3 (ids 1, 5, 9): 8 left.
    assertThat(stats.store()).isEqualTo("tiered");
    assertThat(stats.serving()).isEqualTo("redis");
    assertThat(stats.totalSessions()).isEqualTo(8);
    assertThat(stats.activeSessions()).isEqualTo(8);
    assertThat(stats.createdLast24Hours()).isEqualTo(8);
    assertThat(stats.created()).isEqualTo(12);
    assertThat(stats.invalidated()).isEqualTo(4);
    assertThat(stats.rotated()).isEqualTo(1);
    assertThat(stats.rejectedIds()).isEqualTo(1);
    assertThat(stats.tiers())
        .extracting(TierStats::name)
        .containsExactly("memory", "redis", "postgresql");
    assertThat(stats.tiers()).allSatisfy(t -> assertThat(t.breakerState()).isIn("NONE", "CLOSED"));
    assertThat(stats.tiers().get(0).hits()).as("local hits").isPositive();
  }

  @Test
  void healthShowsEachTierAndWhichServesWithoutSecrets() throws Exception {
    node.manager.save(node.manager.create("alice"));

    Health health = node.manager.health();
    assertThat(health.up()).isTrue();
    assertThat(health.serving()).isEqualTo("redis");
    StoreHealth tiered = health.stores().get(0);
    assertThat(tiered.details()).containsKeys("memory", "redis", "postgresql", "serving");
    @SuppressWarnings("unchecked")
    Map<String, Object> redis = (Map<String, Object>) tiered.details().get("redis");
    assertThat(redis)
        .containsEntry("available", true)
        .containsEntry("breaker", "CLOSED")
        .containsKey("role");
    assertThat(health.toString()).doesNotContain("password").doesNotContainIgnoringCase("secret");

    cluster.redis.stop();
    for (int i = 0; i < 20 && !node.tiered.servingTier().equals("postgresql"); i++) {
      node.manager.find(node.manager.create().id());
      Thread.sleep(20);
    }
    Health degraded = node.manager.health();
    assertThat(degraded.up()).as("PostgreSQL, the record of truth, still answers").isTrue();
    assertThat(degraded.serving()).isEqualTo("postgresql");
    @SuppressWarnings("unchecked")
    Map<String, Object> redisDown =
        (Map<String, Object>) degraded.stores().get(0).details().get("redis");
    assertThat(redisDown).containsEntry("available", false).containsEntry("breaker", "OPEN");
    cluster.redis.start();
  }
}
