package io.github.sessionkit.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionkit.Session;
import io.github.sessionkit.SessionManager;
import io.github.sessionkit.StoreUnavailableException;
import io.github.sessionkit.spi.Settings;
import io.github.sessionkit.testkit.net.FaultProxy;
import io.github.sessionkit.testkit.postgres.PostgresServer;
import io.github.sessionkit.testkit.postgres.TestDatabase;
import io.github.sessionkit.testkit.redis.RedisProcess;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Call latency and errors per operation for the plain Redis and PostgreSQL stores, on real servers
 * reached through a fault proxy that then refuses connections, read from a Prometheus scrape.
 */
class StoreMetricsIT {

  @Test
  void aRedisStoresCallsAndFailuresAreTimedPerOperation() {
    try (RedisProcess redis = RedisProcess.startDefault();
        FaultProxy proxy = FaultProxy.start(redis.host(), redis.port())) {
      exercise(
          "redis://" + proxy.host() + ":" + proxy.port(),
          Map.of("SESSION_REDIS_RETRIES", "0"),
          proxy);
    }
  }

  @Test
  void aPostgresStoresCallsAndFailuresAreTimedPerOperation() {
    try (TestDatabase db = PostgresServer.shared().createDatabase();
        FaultProxy proxy = FaultProxy.start(db.server().host(), db.server().port())) {
      URI url = URI.create(db.databaseUrl());
      String proxied =
          url.getScheme()
              + "://"
              + url.getRawUserInfo()
              + "@"
              + proxy.host()
              + ":"
              + proxy.port()
              + url.getRawPath();
      exercise(proxied, Map.of("SESSION_JDBC_CONNECT_TIMEOUT", "2s"), proxy);
    }
  }

  private static void exercise(String storeUrl, Map<String, String> settings, FaultProxy proxy) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (SessionManager manager =
        SessionManager.builder()
            .settings(Settings.of(settings))
            .storeUrl(storeUrl)
            .decorateStore(store -> SessionMetrics.meterStore(store, registry))
            .build()) {
      SessionMetrics.bind(manager, registry);
      Session session = manager.create("alice");
      session.put("n", 1);
      manager.save(session);
      for (int i = 0; i < 3; i++) {
        assertThat(manager.find(session.id())).isPresent();
      }
      manager.invalidate(session.id());

      proxy.refuse();
      proxy.closeAllConnections();
      assertThatThrownBy(() -> manager.find(session.id()))
          .isInstanceOf(StoreUnavailableException.class);
      proxy.pass();

      String scrape = registry.scrape();
      String store = manager.store().name();
      assertThat(count(scrape, "sessionkit_store_calls_seconds_count", store, "insert", "success"))
          .isEqualTo(1);
      assertThat(count(scrape, "sessionkit_store_calls_seconds_count", store, "load", "success"))
          .isEqualTo(3);
      assertThat(count(scrape, "sessionkit_store_calls_seconds_count", store, "delete", "success"))
          .isEqualTo(1);
      assertThat(count(scrape, "sessionkit_store_calls_seconds_count", store, "load", "error"))
          .isEqualTo(1);
      assertThat(scrape)
          .containsPattern(
              "sessionkit_store_calls_seconds\\{.*operation=\"load\".*quantile=\"0.99\"");
      // Unavailable, or more precisely unreachable where the store saw the connection refused.
      assertThat(scrape)
          .containsPattern(
              "sessionkit_store_errors_total\\{kind=\"StoreUn(available|reachable)Exception\","
                  + "operation=\"load\",store=\""
                  + Pattern.quote(store)
                  + "\"} 1");
    }
  }

  private static double count(
      String scrape, String series, String store, String operation, String outcome) {
    Matcher m =
        Pattern.compile(
                Pattern.quote(series)
                    + "\\{operation=\""
                    + operation
                    + "\",outcome=\""
                    + outcome
                    + "\",store=\""
                    + Pattern.quote(store)
                    + "\"} ([0-9.]+)")
            .matcher(scrape);
    assertThat(m.find()).as("%s %s %s in%n%s", series, operation, outcome, scrape).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
