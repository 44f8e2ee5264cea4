package io.github.sessionkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sessionkit.spi.StoreHealth;
import io.github.sessionkit.spi.TierStats;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Stats and health are plain records a health endpoint can serialize as they are. */
class StatsJsonTest {

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void statsAndHealthSerializeToJson() throws Exception {
    TierStats redis = new TierStats("redis", TierStats.Role.CACHE, "OPEN", 8, 2, 3, 4, 1);
    SessionStats stats =
        new SessionStats("tiered", "postgresql", 10, 9, 5, 12, 2, 1, 1, 3, 0, List.of(redis));
    Health health =
        new Health(
            true,
            "tiered",
            "postgresql",
            List.of(StoreHealth.up("tiered", Map.of("serving", "postgresql"))),
            List.of(redis));

    JsonNode statsJson = json.readTree(json.writeValueAsString(stats));
    JsonNode healthJson = json.readTree(json.writeValueAsString(health));

    assertThat(statsJson.get("activeSessions").asLong()).isEqualTo(9);
    assertThat(statsJson.get("serving").asText()).isEqualTo("postgresql");
    assertThat(statsJson.get("tiers").get(0).get("breakerState").asText()).isEqualTo("OPEN");
    assertThat(statsJson.get("tiers").get(0).get("hitRatio").asDouble()).isEqualTo(0.8);
    assertThat(healthJson.get("up").asBoolean()).isTrue();
    assertThat(healthJson.get("stores").get(0).get("details").get("serving").asText())
        .isEqualTo("postgresql");
  }
}
