package io.github.sessionkit.examples.cluster;

import io.github.sessionkit.Health;
import io.github.sessionkit.Session;
import io.github.sessionkit.SessionManager;
import io.github.sessionkit.SessionStats;
import io.github.sessionkit.servlet.SessionFilter;
import io.github.sessionkit.spi.TierStats;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin page of one node ({@code /admin}) and what it polls: {@code GET /admin/stats.json} (the
 * manager's stats and health, each tier's breaker and counters, the local hit ratio, the latency
 * chart's data and the visitor's own session) and the Redis buttons {@code POST /admin/redis/stop}
 * and {@code POST /admin/redis/start}. The buttons work only on the Redis the demo started, and
 * only with the {@value #ACTION_HEADER} header, which a cross-site form cannot send.
 */
final class AdminServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(AdminServlet.class);

  static final String ACTION_HEADER = "X-Requested-By";
  static final String ACTION_HEADER_VALUE = "sessionkit-demo";

  private final transient DemoNode node;

  AdminServlet(DemoNode node) {
    this.node = node;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = request.getPathInfo();
    if (path == null || path.equals("/")) {
      byte[] page = StaticResourceServlet.read("admin.html");
      response.setContentType("text/html; charset=utf-8");
      response.setContentLength(page.length);
      response.getOutputStream().write(page);
    } else if (path.equals("/stats.json")) {
      json(response, HttpServletResponse.SC_OK, stats(request));
    } else {
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
    }
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = String.valueOf(request.getPathInfo());
    if (!path.equals("/redis/stop") && !path.equals("/redis/start")) {
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    if (!ACTION_HEADER_VALUE.equals(request.getHeader(ACTION_HEADER))) {
      json(
          response,
          HttpServletResponse.SC_FORBIDDEN,
          Map.of(
              "error",
              "send the header "
                  + ACTION_HEADER
                  + ": "
                  + ACTION_HEADER_VALUE
                  + " (the admin page does)"));
      return;
    }
    DemoBackends servers = node.backends();
    if (!servers.redisControllable()) {
      json(
          response,
          HttpServletResponse.SC_CONFLICT,
          Map.of(
              "error",
              "Redis is the external server named by REDIS_URL; the demo stops and starts only a"
                  + " Redis it started"));
      return;
    }
    boolean stop = path.equals("/redis/stop");
    log.info(
        "{}: {} Redis, as asked on the admin page", node.name(), stop ? "stopping" : "starting");
    if (stop) {
      servers.stopRedis();
    } else {
      servers.startRedis();
    }
    json(
        response,
        HttpServletResponse.SC_OK,
        Map.of("redisRunning", Boolean.TRUE.equals(servers.redisRunning())));
  }

  private Map<String, Object> stats(HttpServletRequest request) {
    SessionManager manager = node.manager();
    long now = System.currentTimeMillis();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("node", node.number());
    out.put("nodeName", node.name());
    out.put("port", node.port());
    out.put("peerPort", node.peerPort());
    out.put("time", now);

    try {
      SessionStats stats = manager.stats();
      Map<String, Object> counts = new LinkedHashMap<>();
      counts.put("store", stats.store());
      counts.put("totalSessions", stats.totalSessions());
      counts.put("activeSessions", stats.activeSessions());
      counts.put("createdLast24Hours", stats.createdLast24Hours());
      counts.put("created", stats.created());
      counts.put("invalidated", stats.invalidated());
      counts.put("expired", stats.expired());
      counts.put("rotated", stats.rotated());
      counts.put("rejectedIds", stats.rejectedIds());
      out.put("stats", counts);
    } catch (RuntimeException e) {
      // Counting needs the record of truth; the rest of the page still works without it.
      out.put("stats", null);
      out.put("statsError", e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    Health health = manager.health();
    out.put("up", health.up());
    out.put("serving", health.serving());
    Map<?, ?> details = health.stores().isEmpty() ? Map.of() : health.stores().get(0).details();
    List<Map<String, Object>> tiers = new ArrayList<>();
    double localHitRatio = 0;
    long localReads = 0;
    for (TierStats tier : health.tiers()) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("name", tier.name());
      t.put("role", tier.role().name());
      t.put("breaker", tier.breakerState());
      Object tierHealth = details.get(tier.name());
      Object available = tierHealth instanceof Map<?, ?> m ? m.get("available") : null;
      Object error = tierHealth instanceof Map<?, ?> m ? m.get("error") : null;
      t.put("available", available);
      t.put("error", error);
      t.put("hits", tier.hits());
      t.put("misses", tier.misses());
      t.put("errors", tier.errors());
      t.put("skipped", tier.skipped());
      t.put("pendingRepairs", tier.pendingRepairs());
      t.put("hitRatio", tier.hitRatio());
      tiers.add(t);
      if (tier.role() == TierStats.Role.LOCAL) {
        localHitRatio = tier.hitRatio();
        localReads = tier.hits() + tier.misses();
      }
    }
    out.put("tiers", tiers);
    out.put("localHitRatio", localHitRatio);
    out.put("localReads", localReads);

    DemoBackends servers = node.backends();
    Map<String, Object> redis = new LinkedHashMap<>();
    redis.put("controllable", servers.redisControllable());
    redis.put("running", servers.redisRunning());
    redis.put("url", DemoBackends.masked(servers.redisUrl()));
    out.put("redis", redis);
    Map<String, Object> postgres = new LinkedHashMap<>();
    postgres.put("embedded", servers.embeddedPostgres());
    postgres.put("url", DemoBackends.masked(servers.databaseUrl()));
    out.put("postgres", postgres);

    out.put("requests", Map.of("served", node.requests(), "failed", node.failedRequests()));
    out.put(
        "traffic",
        Map.of(
            "perSecond",
            node.trafficPerSecond(),
            "calls",
            node.trafficCalls(),
            "failed",
            node.failedTrafficCalls()));

    List<Map<String, Object>> changes = new ArrayList<>();
    for (TierEvents.BreakerChange change : node.tierEvents().recentChanges()) {
      changes.add(
          Map.of(
              "at",
              change.atMillis(),
              "tier",
              change.tier(),
              "from",
              change.from(),
              "to",
              change.to()));
    }
    out.put("breakerChanges", changes);

    Map<String, Object> latency = new LinkedHashMap<>();
    latency.put("windowSeconds", LatencyRecorder.WINDOW_SECONDS);
    latency.put("series", node.latencies().snapshot(now));
    out.put("latency", latency);

    out.put("you", viewer(request, manager));
    return out;
  }

  /** The visitor's own session as this node sees it, or null when not signed in. */
  private static @Nullable Map<String, Object> viewer(
      HttpServletRequest request, SessionManager manager) {
    Optional<Session> current;
    try {
      current = SessionFilter.currentSession(request);
    } catch (RuntimeException e) {
      return null;
    }
    if (current.isEmpty() || current.get().principal() == null) {
      return null;
    }
    Session session = current.get();
    String principal = String.valueOf(session.principal());
    Map<String, Object> you = new LinkedHashMap<>();
    you.put("principal", principal);
    you.put("handle", session.handle().substring(0, 12));
    you.put("visits", session.getOrDefault("visits", Integer.class, 0));
    try {
      you.put("sessionsOfUser", manager.sessionsOf(principal).size());
    } catch (RuntimeException e) {
      you.put("sessionsOfUser", null);
    }
    return you;
  }

  private static void json(HttpServletResponse response, int status, Object body)
      throws IOException {
    byte[] bytes = Html.JSON.writeValueAsBytes(body);
    response.setStatus(status);
    response.setContentType("application/json");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }
}
