package io.github.sessionkit.examples.cluster;

import io.github.sessionkit.Session;
import io.github.sessionkit.SessionManager;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A little synthetic load, so the admin page moves while nobody clicks: one session of the user
 * {@code traffic-bot}, read on every node several times a second and changed on each node once
 * every four reads, like a user flipping between the two nodes. It is what makes a breaker open
 * within a second of Redis stopping, and close again after it restarts, even when the visitor only
 * watches. Failures are counted per node, never thrown.
 */
final class BackgroundTraffic implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BackgroundTraffic.class);

  static final String PRINCIPAL = "traffic-bot";

  private final List<DemoNode> nodes;
  private final ScheduledExecutorService scheduler;
  private @Nullable String sessionId;
  private long ticks;

  private BackgroundTraffic(List<DemoNode> nodes, int perSecond) {
    this.nodes = List.copyOf(nodes);
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "demo-traffic");
              thread.setDaemon(true);
              return thread;
            });
    long period = 1000L / perSecond;
    var unused = scheduler.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
  }

  /** Starts {@code perSecond} reads per second on each node; 0 starts nothing. */
  static @Nullable BackgroundTraffic start(List<DemoNode> nodes, int perSecond) {
    return perSecond == 0 ? null : new BackgroundTraffic(nodes, perSecond);
  }

  private void tick() {
    ticks++;
    for (DemoNode node : nodes) {
      try {
        visit(node, ticks % 4 == node.number() % 4);
        node.countTrafficCall(false);
      } catch (RuntimeException e) {
        node.countTrafficCall(true);
        log.debug("synthetic traffic on {} failed", node.name(), e);
      }
    }
  }

  private void visit(DemoNode node, boolean write) {
    SessionManager manager = node.manager();
    String id = sessionId;
    Optional<Session> found = Optional.empty();
    if (id != null) {
      long start = System.nanoTime();
      found = manager.find(id);
      node.latencies().record(DemoNode.LOOKUP_SERIES, System.nanoTime() - start);
    }
    Session session;
    if (found.isPresent()) {
      session = found.get();
    } else {
      // First tick, or the session expired or was revoked on the admin side: start a new one.
      session = manager.create(PRINCIPAL);
      write = true;
    }
    if (write) {
      session.put("writes", session.getOrDefault("writes", Integer.class, 0) + 1);
      session.put("lastWrittenBy", node.name());
      manager.save(session);
      sessionId = session.id();
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
