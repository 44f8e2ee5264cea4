package io.github.sessionkit.it;

import io.github.sessionkit.Session;
import io.github.sessionkit.SessionInvalidatedException;
import io.github.sessionkit.SessionManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A realistic request mix (70 % find, 20 % find-change-save, 5 % login, 5 % logout) run by real
 * threads against several managers for a bounded time. Records every request's start and latency,
 * every failure, the last acknowledged version of each session, and when each session was logged
 * out.
 */
final class Workload {

  /** One finished request. */
  record Sample(long startNanos, long latencyNanos) {}

  private final List<SessionManager> nodes;
  final Set<String> live = ConcurrentHashMap.newKeySet();
  final Map<String, AtomicLong> acked = new ConcurrentHashMap<>();
  final Map<String, Long> loggedOutAtNanos = new ConcurrentHashMap<>();
  final List<Throwable> failures = new CopyOnWriteArrayList<>();
  final List<String> staleReads = new CopyOnWriteArrayList<>();
  final Queue<Sample> samples = new ConcurrentLinkedQueue<>();
  private final long staleBoundNanos;
  private volatile String[] ids = new String[0];

  Workload(List<SessionManager> nodes, int sessions, Duration logoutStalenessBound) {
    this.nodes = nodes;
    this.staleBoundNanos = logoutStalenessBound.toNanos();
    for (int i = 0; i < sessions; i++) {
      login(nodes.get(i % nodes.size()), "user" + i);
    }
  }

  private void login(SessionManager node, String user) {
    Session session = node.create(user);
    session.put("profile", Map.of("name", user));
    node.save(session);
    acked.put(session.id(), new AtomicLong(session.version()));
    live.add(session.id());
    synchronized (this) {
      String[] grown = Arrays.copyOf(ids, ids.length + 1);
      grown[ids.length] = session.id();
      ids = grown;
    }
  }

  /** Runs {@code threads} threads, spread over the nodes, for {@code duration}. */
  void run(int threads, Duration duration) throws InterruptedException {
    long end = System.nanoTime() + duration.toNanos();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      SessionManager node = nodes.get(t % nodes.size());
      int thread = t;
      Thread worker =
          new Thread(
              () -> {
                long counter = 0;
                while (System.nanoTime() < end) {
                  long start = System.nanoTime();
                  try {
                    request(node, thread, counter++);
                  } catch (Throwable e) {
                    failures.add(e);
                  }
                  samples.add(new Sample(start, System.nanoTime() - start));
                }
              },
              "workload-" + t);
      worker.start();
      workers.add(worker);
    }
    for (Thread worker : workers) {
      worker.join(duration.toMillis() + 60_000);
    }
  }

  private void request(SessionManager node, int thread, long counter) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String[] known = ids;
    String id = known[random.nextInt(known.length)];
    int dice = random.nextInt(100);
    if (dice < 5) {
      login(node, "user-" + thread + "-" + counter);
      return;
    }
    if (dice < 10) {
      if (live.remove(id)) {
        loggedOutAtNanos.put(id, System.nanoTime());
        node.invalidate(id);
      }
      return;
    }
    Optional<Session> found = node.find(id);
    if (found.isEmpty()) {
      if (live.contains(id)) {
        throw new AssertionError("live session " + id.substring(0, 6) + "... not found");
      }
      return;
    }
    Long loggedOut = loggedOutAtNanos.get(id);
    if (loggedOut != null && System.nanoTime() - loggedOut > staleBoundNanos) {
      staleReads.add(id);
    }
    if (dice < 30) {
      Session session = found.get();
      session.put("t" + thread, counter);
      try {
        node.save(session);
        acked.get(id).accumulateAndGet(session.version(), Math::max);
      } catch (SessionInvalidatedException e) {
        if (live.contains(id)) {
          throw e;
        }
      }
    }
  }

  /**
   * The given percentile of the latencies of requests started in {@code [fromNanos, toNanos)}, in
   * ms.
   */
  double percentileMillis(double percentile, long fromNanos, long toNanos) {
    long[] latencies =
        samples.stream()
            .filter(s -> s.startNanos() >= fromNanos && s.startNanos() < toNanos)
            .mapToLong(Sample::latencyNanos)
            .sorted()
            .toArray();
    if (latencies.length == 0) {
      return 0;
    }
    int index =
        (int) Math.min(latencies.length - 1, Math.ceil(percentile / 100 * latencies.length) - 1);
    return latencies[Math.max(0, index)] / 1e6;
  }

  long requestsBetween(long fromNanos, long toNanos) {
    return samples.stream()
        .filter(s -> s.startNanos() >= fromNanos && s.startNanos() < toNanos)
        .count();
  }
}
