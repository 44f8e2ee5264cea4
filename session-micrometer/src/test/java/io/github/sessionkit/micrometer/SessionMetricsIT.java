package io.github.sessionkit.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionkit.Session;
import io.github.sessionkit.SessionManager;
import io.github.sessionkit.spi.TierStats;
import io.github.sessionkit.store.memory.MemorySessionStore;
import io.github.sessionkit.store.redis.RedisSessionStore;
import io.github.sessionkit.testkit.net.FaultProxy;
import io.github.sessionkit.testkit.redis.RedisProcess;
import io.github.sessionkit.tiered.BreakerSettings;
import io.github.sessionkit.tiered.TieredSessionStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Load through a tiered manager (local memory tier over a real Redis), a breaker opened by
 * black-holing Redis and closed by healing it, and the Prometheus text a scrape returns.
 */
class SessionMetricsIT {

  @Test
  void theScrapeShowsHitsMissesBreakerChangesAndCounts() throws Exception {
    try (RedisProcess redis = RedisProcess.startDefault();
        FaultProxy proxy = FaultProxy.start(redis.host(), redis.port())) {
      TieredSessionStore tiered =
          TieredSessionStore.builder()
              .localTier(MemorySessionStore.builder().maximumTtl(Duration.ofMinutes(5)).build())
              .remoteTier(
                  RedisSessionStore.builder()
                      .url("redis://" + proxy.host() + ":" + proxy.port())
                      .socketTimeout(Duration.ofMillis(100))
                      .connectTimeout(Duration.ofMillis(100))
                      .commandTimeout(Duration.ofMillis(200))
                      .retries(0)
                      .build())
              .breaker(
                  BreakerSettings.defaults()
                      .withOpenDuration(Duration.ofMillis(500))
                      .withWindow(4, 2))
              .build();
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      // Metered as the Spring Boot starter meters every store: the tiers must still show through.
      try (SessionManager manager =
          SessionManager.builder()
              .store(tiered)
              .decorateStore(store -> SessionMetrics.meterStore(store, registry))
              .build()) {
        SessionMetrics.bind(manager, registry);

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
          Session session = manager.create("user" + i);
          session.put("n", i);
          manager.save(session);
          ids.add(session.id());
        }
        for (String id : ids) {
          manager.find(id).orElseThrow();
        }
        manager.rotateId(manager.find(ids.get(0)).orElseThrow());
        manager.invalidate(ids.get(1));
        assertThat(manager.find(ids.get(1))).isEmpty();

        proxy.blackHole();
        for (int i = 0; i < 4 && tiered.tierStats().get(1).breakerState().equals("CLOSED"); i++) {
          try {
            manager.find(manager.create().id());
          } catch (RuntimeException expected) {
            // Redis is the record of truth here: a miss in the local tier cannot be answered.
          }
        }
        assertThat(tiered.tierStats().get(1).breakerState()).isEqualTo("OPEN");
        proxy.pass();
        Thread.sleep(600);
        for (int i = 0; i < 5; i++) {
          // Unknown ids miss the local tier, so these are the trial calls that close the breaker.
          assertThat(manager.find(manager.create().id())).isEmpty();
        }
        assertThat(tiered.tierStats().get(1).breakerState()).isEqualTo("CLOSED");

        String scrape = registry.scrape();

        TierStats local = tiered.tierStats().get(0);
        assertThat(value(scrape, "sessionkit_tier_reads_total", "result=\"hit\",tier=\"memory\""))
            .isEqualTo(local.hits())
            .isPositive();
        assertThat(value(scrape, "sessionkit_tier_reads_total", "result=\"miss\",tier=\"memory\""))
            .isEqualTo(local.misses())
            .isPositive();
        assertThat(value(scrape, "sessionkit_tier_reads_total", "result=\"miss\",tier=\"redis\""))
            .isPositive();
        assertThat(value(scrape, "sessionkit_session_events_total", "type=\"created\""))
            .isEqualTo(10);
        assertThat(value(scrape, "sessionkit_session_events_total", "type=\"invalidated\""))
            .isEqualTo(1);
        assertThat(value(scrape, "sessionkit_session_events_total", "type=\"rotated\""))
            .isEqualTo(1);
        assertThat(
                value(
                    scrape,
                    "sessionkit_tier_breaker_transitions_total",
                    "from=\"CLOSED\",tier=\"redis\",to=\"OPEN\""))
            .isEqualTo(1);
        assertThat(
                value(
                    scrape,
                    "sessionkit_tier_breaker_transitions_total",
                    "from=\"OPEN\",tier=\"redis\",to=\"HALF_OPEN\""))
            .isEqualTo(1);
        assertThat(
                value(
                    scrape,
                    "sessionkit_tier_breaker_transitions_total",
                    "from=\"HALF_OPEN\",tier=\"redis\",to=\"CLOSED\""))
            .isEqualTo(1);
        assertThat(value(scrape, "sessionkit_tier_breaker_state", "tier=\"redis\"")).isZero();
        assertThat(scrape)
            .contains(
                "sessionkit_tier_errors_total{kind=\"StoreUnavailableException\",tier=\"redis\"}");
        assertThat(scrape)
            .contains(
                "sessionkit_tier_calls_seconds{operation=\"load\",outcome=\"success\",tier=\"redis\",quantile=\"0.99\"}",
                "sessionkit_tier_calls_seconds_count{operation=\"load\",outcome=\"error\",tier=\"redis\"}");
        assertThat(value(scrape, "sessionkit_sessions_active", "")).isEqualTo(9);
        assertThat(
                value(
                    scrape,
                    "sessionkit_store_calls_seconds_count",
                    "operation=\"insert\",outcome=\"success\",store=\"" + tiered.name() + "\""))
            .isEqualTo(10);
        assertThat(manager.health().tiers()).hasSize(2);
        assertThat(manager.stats().tiers())
            .extracting(TierStats::name)
            .containsExactly("memory", "redis");
        assertThat(scrape).doesNotContain(ids.get(5));
      }
    }
  }

  /** The value of one series in Prometheus text, tags written as Prometheus sorts them. */
  private static double value(String scrape, String name, String tags) {
    Pattern line =
        Pattern.compile(
            "^"
                + Pattern.quote(name)
                + (tags.isEmpty() ? "" : Pattern.quote("{" + tags + "}"))
                + " (\\S+)$",
            Pattern.MULTILINE);
    Matcher matcher = line.matcher(scrape);
    if (!matcher.find()) {
      throw new AssertionError("no series " + name + "{" + tags + "} in:\n" + scrape);
    }
    return Double.parseDouble(matcher.group(1));
  }
}
