package io.github.sessionkit.store.redis;

import io.github.sessionkit.StoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * Runs the store's operations against a {@link RedisDeployment}: retries transient failures within
 * the command timeout, drops idle connections after a lost one (so a restarted server costs one
 * failed call rather than one per pooled connection), runs scripts by SHA-1 and loads them again
 * after NOSCRIPT, and turns what still fails into the library's exceptions. Thread-safe.
 */
final class RedisExecutor implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RedisExecutor.class);

  /** One try of an operation; {@code attempt} is 0 for the first. */
  interface Attempt<T> {
    T run(int attempt);
  }

  private final RedisDeployment deployment;
  private final UnifiedJedis jedis;
  private final String maskedUrl;
  private final String urlSetting;
  private final int poolMaxSize;
  private final int retries;
  private final Duration retryDelay;
  private final Duration commandTimeout;
  private final LongAdder scriptReloads = new LongAdder();
  private volatile boolean closed;

  RedisExecutor(
      RedisDeployment deployment,
      String maskedUrl,
      String urlSetting,
      int poolMaxSize,
      int retries,
      Duration retryDelay,
      Duration commandTimeout) {
    this.deployment = deployment;
    this.jedis = deployment.client();
    this.maskedUrl = maskedUrl;
    this.urlSetting = urlSetting;
    this.poolMaxSize = poolMaxSize;
    this.retries = retries;
    this.retryDelay = retryDelay;
    this.commandTimeout = commandTimeout;
  }

  UnifiedJedis jedis() {
    return jedis;
  }

  RedisDeployment deployment() {
    return deployment;
  }

  String maskedUrl() {
    return maskedUrl;
  }

  String poolState() {
    return deployment.poolState(poolMaxSize);
  }

  long scriptReloads() {
    return scriptReloads.sum();
  }

  /** Loads every script (on every primary of a cluster) and checks Redis agrees on their SHA-1. */
  // The lambda returns null as the generic T: only NullAway's JSpecify mode types that (JDK 22+).
  @SuppressWarnings("NullAway")
  void loadScripts() {
    execute(
        "connect",
        attempt -> {
          for (RedisScript script : RedisScript.values()) {
            String sha = jedis.scriptLoad(script.source());
            if (!script.sha().equals(sha)) {
              throw new IllegalStateException(
                  "Redis computed SHA-1 "
                      + sha
                      + " for script "
                      + script
                      + ", expected "
                      + script.sha());
            }
          }
          return null;
        });
  }

  /**
   * Runs an operation, retrying transient failures (connection lost, pool exhausted, server loading
   * or failing over) up to {@code retries} times while the command timeout allows, and translates
   * what remains into the library's exceptions.
   *
   * @throws StoreException for any failure left after the retries
   */
  <T> T execute(String operation, Attempt<T> action) {
    long deadline = System.nanoTime() + commandTimeout.toNanos();
    for (int attempt = 0; ; attempt++) {
      try {
        return action.run(attempt);
      } catch (JedisException e) {
        if (!RedisErrors.neverSent(e) && hasConnectionFailure(e)) {
          deployment.discardIdleConnections();
        }
        if (RedisErrors.isTransient(e)
            && attempt < retries
            && !closed
            && System.nanoTime() + retryDelay.toNanos() < deadline) {
          LOG.debug("Redis {} failed ({}), retrying", operation, e.toString());
          sleep(retryDelay);
          continue;
        }
        throw RedisErrors.translate(e, operation, maskedUrl, urlSetting, poolState());
      }
    }
  }

  /**
   * EVALSHA, loading the script again if the server does not know it (restart, failover, SCRIPT
   * FLUSH).
   */
  List<?> eval(RedisScript script, List<String> keys, List<String> args) {
    try {
      return RedisReplies.table(jedis.evalsha(script.sha(), keys, args));
    } catch (JedisNoScriptException e) {
      scriptReloads.increment();
      LOG.info(
          "Redis at {} had lost script {} (restart or failover?); loading it again",
          maskedUrl,
          script);
      jedis.scriptLoad(script.source(), keys.get(0));
      return RedisReplies.table(jedis.evalsha(script.sha(), keys, args));
    }
  }

  /** One script call for {@link #evalAll}. */
  record ScriptCall(RedisScript script, List<String> keys, List<String> args) {}

  /**
   * Several script calls in one round trip (one pipeline; spread over the nodes in a cluster, which
   * are asked in parallel). Each answer is the call's reply table, or the {@link JedisException} it
   * failed with; a failure of the pipeline as a whole is thrown. A server that lost a script
   * (NOSCRIPT) gets every call again one by one, after a load.
   */
  List<Object> evalAll(List<ScriptCall> calls) {
    List<Response<Object>> responses = new ArrayList<>(calls.size());
    try (AbstractPipeline pipeline = jedis.pipelined()) {
      for (ScriptCall call : calls) {
        responses.add(pipeline.evalsha(call.script().sha(), call.keys(), call.args()));
      }
      pipeline.sync();
    }
    List<Object> out = new ArrayList<>(calls.size());
    for (int i = 0; i < calls.size(); i++) {
      try {
        out.add(RedisReplies.table(responses.get(i).get()));
      } catch (JedisNoScriptException e) {
        return evalEach(calls);
      } catch (JedisException e) {
        out.add(e);
      }
    }
    return out;
  }

  private List<Object> evalEach(List<ScriptCall> calls) {
    List<Object> out = new ArrayList<>(calls.size());
    for (ScriptCall call : calls) {
      try {
        out.add(eval(call.script(), call.keys(), call.args()));
      } catch (JedisException e) {
        out.add(e);
      }
    }
    return out;
  }

  private static boolean hasConnectionFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof JedisConnectionException) {
        return true;
      }
    }
    return false;
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    deployment.close();
  }
}
