package io.github.sessionkit.testkit.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A real Redis Cluster of primaries only (three by default) on loopback, built from {@link
 * RedisProcess}es: each node starts with {@code cluster-enabled yes}, the first meets the others
 * (CLUSTER MEET), each takes an equal share of the 16384 slots (CLUSTER ADDSLOTS), and {@link
 * #start} returns once every node reports {@code cluster_state:ok}.
 *
 * <pre>{@code
 * try (RedisTestCluster cluster = RedisTestCluster.start()) {
 *   String url = cluster.url();   // redis-cluster://127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3
 * }
 * }</pre>
 *
 * <p>Thread-safe; {@link #close()} stops every node.
 */
public final class RedisTestCluster implements AutoCloseable {

  private static final int SLOTS = 16384;
  private static final Duration FORM_TIMEOUT = Duration.ofSeconds(30);

  private final List<RedisProcess> nodes;
  private final @Nullable String password;

  private RedisTestCluster(List<RedisProcess> nodes, @Nullable String password) {
    this.nodes = List.copyOf(nodes);
    this.password = password;
  }

  /** Three primaries, no password. */
  public static RedisTestCluster start() {
    return start(3, null);
  }

  /** {@code primaries} primaries (at least one), each requiring {@code password} when not null. */
  public static RedisTestCluster start(int primaries, @Nullable String password) {
    if (primaries < 1) {
      throw new IllegalArgumentException("primaries must be at least 1, got " + primaries);
    }
    List<RedisProcess> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < primaries; i++) {
        RedisProcess.Builder b = RedisProcess.builder().clusterEnabled();
        if (password != null) {
          b.password(password);
        }
        nodes.add(b.start());
      }
      RedisTestCluster cluster = new RedisTestCluster(nodes, password);
      cluster.form();
      return cluster;
    } catch (RuntimeException e) {
      nodes.forEach(RedisProcess::close);
      throw e;
    }
  }

  private void form() {
    try (Jedis first = connect(nodes.get(0))) {
      for (RedisProcess node : nodes.subList(1, nodes.size())) {
        first.clusterMeet(node.host(), node.port());
      }
    }
    for (int i = 0; i < nodes.size(); i++) {
      int from = i * SLOTS / nodes.size();
      int to = (i + 1) * SLOTS / nodes.size();
      try (Jedis jedis = connect(nodes.get(i))) {
        jedis.clusterAddSlots(IntStream.range(from, to).toArray());
      }
    }
    long deadline = System.nanoTime() + FORM_TIMEOUT.toNanos();
    String expectedNodes = "cluster_known_nodes:" + nodes.size();
    for (RedisProcess node : nodes) {
      while (true) {
        String info;
        try (Jedis jedis = connect(node)) {
          info = jedis.clusterInfo();
        } catch (JedisException e) {
          info = e.toString();
        }
        if (info.contains("cluster_state:ok")
            && info.contains("cluster_slots_assigned:" + SLOTS)
            && info.contains(expectedNodes)) {
          break;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "the cluster did not form within "
                  + FORM_TIMEOUT
                  + "; node "
                  + node.port()
                  + " says:\n"
                  + info);
        }
        sleep();
      }
    }
  }

  private Jedis connect(RedisProcess node) {
    Jedis jedis = new Jedis(node.host(), node.port());
    if (password != null) {
      jedis.auth(password);
    }
    return jedis;
  }

  private static void sleep() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the cluster formed", e);
    }
  }

  /** {@code redis-cluster://[:password@]127.0.0.1:p1,127.0.0.1:p2,...}. */
  public String url() {
    StringBuilder b = new StringBuilder("redis-cluster://");
    if (password != null) {
      b.append(':').append(password).append('@');
    }
    for (int i = 0; i < nodes.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append(nodes.get(i).host()).append(':').append(nodes.get(i).port());
    }
    return b.toString();
  }

  /** The nodes, in slot order. */
  public List<RedisProcess> nodes() {
    return nodes;
  }

  /** Stops every node and deletes their files. */
  @Override
  public void close() {
    nodes.forEach(RedisProcess::close);
  }
}
