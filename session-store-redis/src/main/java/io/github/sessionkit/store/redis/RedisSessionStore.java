package io.github.sessionkit.store.redis;

import io.github.sessionkit.ConfigurationException;
import io.github.sessionkit.StoreException;
import io.github.sessionkit.spi.FillOutcome;
import io.github.sessionkit.spi.GenerationalCache;
import io.github.sessionkit.spi.PurgedSession;
import io.github.sessionkit.spi.SessionDelta;
import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.spi.SessionRecord;
import io.github.sessionkit.spi.SessionStore;
import io.github.sessionkit.spi.StoreContext;
import io.github.sessionkit.spi.StoreHealth;
import io.github.sessionkit.spi.StoreListener;
import io.github.sessionkit.spi.StoreStats;
import io.github.sessionkit.spi.StoreSubscription;
import io.github.sessionkit.spi.WriteOutcome;
import io.github.sessionkit.store.redis.RecordCodec.Corrupt;
import io.github.sessionkit.store.redis.RecordCodec.Decoded;
import io.github.sessionkit.store.redis.RecordCodec.Found;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A {@link SessionStore} on Redis (standalone, Sentinel or Cluster) through Jedis, with change
 * notifications for other nodes' local caches.
 *
 * <p>Each session is one Redis hash at {@code {prefix}:{tenant}:{<hash>}} (metadata fields plus one
 * field per attribute) with a TTL at its expiry, set with PX/PEXPIRE from the store's clock. {@link
 * #load} is one HGETALL; every write is one EVALSHA of a Lua script that checks and changes the
 * session atomically and publishes its key on {@code {prefix}:changes}. A principal's sessions are
 * indexed in a sorted set in another hash slot, maintained by a second command only when a session
 * gains, loses or changes its principal (insert with a principal, principal change, id rotation,
 * delete of a logged-in session). A deleted or rotated-away session leaves a short tombstone so a
 * late cache fill ({@link #putIfNewer}) cannot bring it back.
 *
 * <p>Id rotation ({@link #changeKey}) is one atomic script outside a cluster. In a cluster the two
 * keys live in different slots, so it copies, then deletes the old key if it is unchanged (copying
 * again if a write landed in between); in the short window between the two steps both ids lead to
 * the session.
 *
 * <p>Failures to reach Redis throw {@link io.github.sessionkit.StoreUnavailableException} with the
 * masked URL; rejected credentials a {@link StoreException} saying so; foreign or corrupt data
 * under a session key is a miss with a WARN log, counted by {@link #corruptRecords()}. Connection
 * failures are retried {@code retries} times within the command timeout; a retried write is checked
 * so that it reports what actually happened.
 *
 * <p>Thread-safe. Build with {@link #builder()} or through {@code SESSION_STORE=redis} and {@code
 * REDIS_URL} (see {@link RedisSessionStoreProvider}).
 */
public final class RedisSessionStore implements SessionStore, GenerationalCache {

  private static final Logger LOG = LoggerFactory.getLogger(RedisSessionStore.class);

  private final RedisKeys keys;
  private final Clock clock;
  private final Duration connectTimeout;
  private final long tombstoneTtlMillis;
  private final Duration pingInterval;
  private final RedisExecutor executor;
  private final UnifiedJedis jedis;
  private final PrincipalIndex index;
  private final SessionScanner scanner;
  private final RedisStatus status;
  private final ScheduledExecutorService scheduler;
  private final Set<NotificationSubscriber> subscribers = ConcurrentHashMap.newKeySet();
  private final LongAdder corruptRecords = new LongAdder();
  private final AtomicBoolean closed = new AtomicBoolean();

  /** The cache generation writes carry; entries of an older one are misses. 0: no check. */
  private final AtomicLong generation = new AtomicLong();

  private final String description;

  private RedisSessionStore(Builder b, RedisUrl url) {
    this.keys = new RedisKeys(b.keyPrefix);
    this.clock = b.clock;
    this.connectTimeout = b.connectTimeout;
    this.tombstoneTtlMillis = b.tombstoneTtl.toMillis();
    this.pingInterval = b.subscriptionPingInterval;
    this.description =
        "RedisSessionStore{url="
            + url.masked()
            + ", mode="
            + url.mode().name().toLowerCase(Locale.ROOT)
            + ", keyPrefix="
            + b.keyPrefix
            + ", poolMaxSize="
            + b.poolMaxSize
            + "}";
    JedisClientConfig clientConfig = clientConfig(b, url.user(), url.password(), url.database());
    JedisClientConfig sentinelConfig = clientConfig(b, b.sentinelUser, b.sentinelPassword, 0);
    RedisDeployment deployment;
    try {
      deployment =
          RedisDeployment.connect(
              url,
              clientConfig,
              sentinelConfig,
              RedisDeployment.poolConfig(b.poolMaxSize, b.commandTimeout),
              b.commandTimeout);
    } catch (JedisException e) {
      throw RedisErrors.translate(e, "connect", url.masked(), b.urlSetting, "pool not created");
    }
    this.executor =
        new RedisExecutor(
            deployment,
            url.masked(),
            b.urlSetting,
            b.poolMaxSize,
            b.retries,
            b.retryDelay,
            b.commandTimeout);
    this.jedis = executor.jedis();
    this.index = new PrincipalIndex(executor, keys, clock, corruptRecords, b.principalIndex);
    this.scanner = new SessionScanner(executor, keys);
    this.status =
        new RedisStatus(
            executor,
            keys,
            url,
            b.dedicatedDatabase,
            b.healthScanLimit,
            b.soleStore,
            corruptRecords::sum);
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sessionkit-redis-watchdog");
              t.setDaemon(true);
              return t;
            });
    try {
      executor.loadScripts();
      status.checkEvictionPolicyAtStart();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private static JedisClientConfig clientConfig(
      Builder b, @Nullable String user, @Nullable String password, int database) {
    DefaultJedisClientConfig.Builder config =
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(millis(b.connectTimeout))
            .socketTimeoutMillis(millis(b.socketTimeout))
            .database(database)
            .clientName("sessionkit")
            .clientSetInfoConfig(ClientSetInfoConfig.DISABLED);
    if (password != null) {
      config.user(user).password(password);
    }
    if (b.tls) {
      config.ssl(true);
      if (b.sslSocketFactory != null) {
        config.sslSocketFactory(b.sslSocketFactory);
      }
      if (b.verifyHostname) {
        SSLParameters parameters = new SSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        config.sslParameters(parameters);
      }
    }
    return config.build();
  }

  private static int millis(Duration d) {
    return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
  }

  /** Starts configuring a store; {@link Builder#url(String)} is required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "redis";
  }

  // ---------------------------------------------------------------------------------------
  // Reads

  @Override
  public @Nullable SessionRecord load(SessionKey key) {
    String redisKey = keys.session(key);
    Decoded decoded =
        executor.execute(
            "load",
            attempt -> {
              try {
                return RecordCodec.decode(key, jedis.hgetAll(redisKey));
              } catch (JedisDataException e) {
                if (isWrongType(e)) {
                  return new Corrupt("the key holds another Redis type than a hash");
                }
                throw e;
              }
            });
    return live(key, decoded, clock.millis());
  }

  private @Nullable SessionRecord live(SessionKey key, Decoded decoded, long now) {
    if (decoded instanceof Found found) {
      // An entry of an older generation may come from before a restart, restore or failover:
      // it is a miss, and the tiered store refills it from the record of truth.
      return found.record().isExpiredAt(now) || found.generation() < generation.get()
          ? null
          : found.record();
    }
    if (decoded instanceof Corrupt corrupt) {
      reportCorrupt(key, corrupt.reason());
    }
    return null;
  }

  @Override
  public List<SessionRecord> findByPrincipal(String tenant, String principal) {
    if (!index.kept()) {
      throw new UnsupportedOperationException(
          "this Redis store keeps no principal index (principalIndex(false): "
              + "a cache tier); list a principal's sessions on the durable store behind it");
    }
    List<String> members = index.members(tenant, principal);
    if (members.isEmpty()) {
      return List.of();
    }
    Map<String, Decoded> loaded =
        executor.execute("findByPrincipal", attempt -> loadAll(tenant, members));
    List<SessionRecord> records = new ArrayList<>(members.size());
    List<String> dangling = new ArrayList<>();
    long now = clock.millis();
    for (String member : members) {
      Decoded decoded = loaded.get(member);
      if (decoded instanceof Found found
          && principal.equals(found.record().principal())
          && !found.record().isExpiredAt(now)) {
        records.add(found.record());
      } else {
        if (decoded instanceof Corrupt corrupt && sessionKeyOrNull(tenant, member) != null) {
          reportCorrupt(SessionKey.of(tenant, member), corrupt.reason());
        }
        dangling.add(member);
      }
    }
    if (!dangling.isEmpty()) {
      index.removeAll(tenant, principal, dangling);
    }
    return records;
  }

  /** HGETALL of many sessions in one pipeline (spread over nodes in a cluster). */
  private Map<String, Decoded> loadAll(String tenant, List<String> members) {
    Map<String, Decoded> out = new LinkedHashMap<>();
    Map<String, Response<Map<String, String>>> responses = new LinkedHashMap<>();
    try (AbstractPipeline pipeline = jedis.pipelined()) {
      for (String member : members) {
        SessionKey key = sessionKeyOrNull(tenant, member);
        if (key == null) {
          out.put(member, new Corrupt("malformed index member"));
        } else {
          responses.put(member, pipeline.hgetAll(keys.session(key)));
        }
      }
      pipeline.sync();
    }
    for (Map.Entry<String, Response<Map<String, String>>> e : responses.entrySet()) {
      SessionKey key = SessionKey.of(tenant, e.getKey());
      try {
        out.put(e.getKey(), RecordCodec.decode(key, e.getValue().get()));
      } catch (JedisDataException ex) {
        if (!isWrongType(ex)) {
          throw ex;
        }
        out.put(e.getKey(), new Corrupt("the key holds another Redis type than a hash"));
      }
    }
    return out;
  }

  private static @Nullable SessionKey sessionKeyOrNull(String tenant, String hash) {
    try {
      return SessionKey.of(tenant, hash);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  // ---------------------------------------------------------------------------------------
  // Writes

  @Override
  public boolean insert(SessionRecord record) {
    long now = clock.millis();
    long ttl = record.expiresAt() - now;
    if (ttl <= 0) {
      // Dead on arrival: absent for every operation, so there is nothing to store.
      return true;
    }
    SessionKey key = record.key();
    List<String> args = args(now, key, ttlArgument(ttl));
    args.addAll(RecordCodec.fields(record, generation.get()));
    String principal = record.principal();
    // The principal index entry goes in the same round trip as the session: if the insert
    // finds a live session under the key (a lost reply's retry), the entry names that one,
    // which listings check against the session itself, so it is harmless.
    RedisExecutor.ScriptCall indexCall =
        principal == null ? null : index.addCall(key, principal, record.absoluteExpiresAt());
    RedisExecutor.ScriptCall insertCall =
        new RedisExecutor.ScriptCall(RedisScript.INSERT, List.of(keys.session(key)), args);
    boolean inserted =
        executor.execute(
            "insert",
            attempt -> {
              List<?> reply;
              if (indexCall == null) {
                reply = eval(RedisScript.INSERT, key, args);
              } else {
                List<Object> answers = executor.evalAll(List.of(insertCall, indexCall));
                index.updated(indexCall, answers.get(1));
                if (answers.get(0) instanceof JedisException e) {
                  throw e;
                }
                reply = (List<?>) answers.get(0);
              }
              if (RedisReplies.corruptFlag(reply)) {
                reportCorrupt(key, "replaced by a new session");
              }
              if (RedisReplies.status(reply) == 1) {
                return true;
              }
              // A retry after a lost reply finds our own record: the first attempt did insert it.
              return attempt > 0 && record.equals(loadQuietly(key));
            });
    return inserted;
  }

  @Override
  public @Nullable SessionRecord merge(SessionKey key, SessionDelta delta) {
    long now = clock.millis();
    List<String> args = args(now, key, Long.toString(delta.lastAccessedAt()));
    args.add(Long.toString(delta.idleTimeoutMillis()));
    addPrincipalChange(args, delta);
    SessionRecord base = delta.base();
    args.add(base != null && base.key().equals(key) ? Long.toString(base.version()) : "0");
    args.add(Integer.toString(delta.upserts().size()));
    addAttributeChanges(args, delta);
    // A merge repeated after a lost reply applies the same changes again: only the version
    // moves one step further, which the delta semantics allow. The repeat finds a version
    // other than the base, so it answers with the whole hash.
    List<?> reply = executor.execute("merge", attempt -> eval(RedisScript.MERGE, key, args));
    if (RedisReplies.status(reply) != 1) {
      if (RedisReplies.corruptFlag(reply)) {
        reportCorrupt(key, "merge found no readable session");
      }
      return null;
    }
    String oldPrincipal = RedisReplies.optionalString(reply, 2);
    SessionRecord merged;
    if (reply.size() > 3 && reply.get(3) == null && base != null) {
      // The stored version was the base: the result is the base with the delta applied.
      merged = delta.resultFromBase(RedisReplies.number(reply.get(5)));
    } else {
      Decoded decoded = RecordCodec.decode(key, RedisReplies.list(reply, 3));
      if (!(decoded instanceof Found found)) {
        reportCorrupt(key, decoded instanceof Corrupt c ? c.reason() : "vanished during merge");
        return null;
      }
      merged = found.record();
    }
    if (delta.principalChanged() && !Objects.equals(oldPrincipal, merged.principal())) {
      index.reindex(key, oldPrincipal, merged.principal(), merged.absoluteExpiresAt());
    }
    return merged;
  }

  /**
   * ARGV for a principal change: mode {@code k} keep, {@code n} none, {@code s} set, then the
   * principal.
   */
  private static void addPrincipalChange(List<String> args, SessionDelta delta) {
    if (!delta.principalChanged()) {
      args.add("k");
      args.add("");
    } else if (delta.principal() == null) {
      args.add("n");
      args.add("");
    } else {
      args.add("s");
      args.add(delta.principal());
    }
  }

  /** ARGV for attribute changes: name/value pairs set, then names removed. */
  private static void addAttributeChanges(List<String> args, SessionDelta delta) {
    for (Map.Entry<String, String> e : delta.upserts().entrySet()) {
      args.add(RecordCodec.attributeField(e.getKey()));
      args.add(e.getValue());
    }
    for (String removed : delta.removals()) {
      args.add(RecordCodec.attributeField(removed));
    }
  }

  @Override
  public WriteOutcome compareAndSet(long expectedVersion, SessionRecord record) {
    if (record.version() <= expectedVersion) {
      throw new IllegalArgumentException(
          "the new version "
              + record.version()
              + " must be greater than the expected version "
              + expectedVersion);
    }
    long now = clock.millis();
    SessionKey key = record.key();
    long ttl = record.expiresAt() - now;
    List<String> args = args(now, key, Long.toString(expectedVersion));
    if (ttl > 0) {
      args.set(2, RedisKeys.payload(key, record.version(), record.lastAccessedAt()));
    }
    args.add(ttlArgument(ttl));
    args.addAll(RecordCodec.fields(record, generation.get()));
    Object[] previous = new Object[2];
    WriteOutcome outcome =
        executor.execute(
            "compareAndSet",
            attempt -> {
              List<?> reply = eval(RedisScript.COMPARE_AND_SET, key, args);
              long status = RedisReplies.status(reply);
              if (status == 1) {
                previous[0] = RedisReplies.optionalString(reply, 2);
                previous[1] = RedisReplies.optionalString(reply, 3);
                return WriteOutcome.WRITTEN;
              }
              if (RedisReplies.corruptFlag(reply)) {
                reportCorrupt(key, "compare-and-set found no readable session");
              }
              if (status == 2) {
                // A retry after a lost reply sees the version our first attempt wrote.
                if (attempt > 0 && record.equals(loadQuietly(key))) {
                  previous[0] = record.principal();
                  previous[1] = "";
                  return WriteOutcome.WRITTEN;
                }
                return WriteOutcome.CONFLICT;
              }
              return WriteOutcome.NOT_FOUND;
            });
    if (outcome == WriteOutcome.WRITTEN) {
      String oldPrincipal = (String) previous[0];
      String oldAbsolute = (String) previous[1];
      if (ttl <= 0) {
        index.reindex(key, oldPrincipal, null, 0);
      } else if (!Objects.equals(oldPrincipal, record.principal())
          || (record.principal() != null
              && !Long.toString(record.absoluteExpiresAt()).equals(oldAbsolute))) {
        index.reindex(key, oldPrincipal, record.principal(), record.absoluteExpiresAt());
      }
    }
    return outcome;
  }

  @Override
  public boolean putIfNewer(SessionRecord record) {
    return fill(record).written();
  }

  @Override
  public FillOutcome fill(SessionRecord record) {
    return fill(record, false);
  }

  /**
   * Applies the change where this cache holds the version before it (of the current generation);
   * writes the whole record otherwise. Either way the write is announced: it carries a change of
   * the record of truth, which other nodes' local tiers must learn of.
   */
  @Override
  public FillOutcome fill(SessionRecord record, SessionDelta change) {
    long now = clock.millis();
    if (record.isExpiredAt(now)) {
      return FillOutcome.KEPT;
    }
    SessionKey key = record.key();
    List<String> args = cacheWriteArgs(record, now);
    args.add(Long.toString(record.lastAccessedAt()));
    args.add(Long.toString(record.idleTimeoutMillis()));
    addPrincipalChange(args, change);
    args.add(Integer.toString(change.upserts().size()));
    addAttributeChanges(args, change);
    List<?> reply =
        executor.execute("putIfNewer", attempt -> eval(RedisScript.APPLY_CHANGE, key, args));
    long status = RedisReplies.status(reply);
    if (status == 3) {
      if (RedisReplies.corruptFlag(reply)) {
        reportCorrupt(key, "replaced by a cache fill");
      }
      return fill(record, true);
    }
    if (status != 1) {
      return FillOutcome.KEPT;
    }
    String oldPrincipal = RedisReplies.optionalString(reply, 2);
    if (!Objects.equals(oldPrincipal, record.principal())) {
      index.reindex(key, oldPrincipal, record.principal(), record.absoluteExpiresAt());
    }
    return FillOutcome.REPLACED;
  }

  /**
   * The arguments every cache write of a whole record or a change starts with: now, channel, the
   * notice of what the write leaves, the version, the TTL and this node's generation.
   */
  private List<String> cacheWriteArgs(SessionRecord record, long now) {
    SessionKey key = record.key();
    List<String> args = args(now, key, Long.toString(record.version()));
    args.set(2, RedisKeys.payload(key, record.version(), record.lastAccessedAt()));
    args.add(ttlArgument(record.expiresAt() - now));
    args.add(Long.toString(generation.get()));
    return args;
  }

  private FillOutcome fill(SessionRecord record, boolean announce) {
    long now = clock.millis();
    if (record.isExpiredAt(now)) {
      return FillOutcome.KEPT;
    }
    SessionKey key = record.key();
    List<String> args = cacheWriteArgs(record, now);
    args.add(announce ? "1" : "0");
    args.addAll(RecordCodec.fields(record));
    Object[] previous = new Object[2];
    FillOutcome outcome =
        executor.execute(
            "putIfNewer",
            attempt -> {
              List<?> reply = eval(RedisScript.PUT_IF_NEWER, key, args);
              if (RedisReplies.corruptFlag(reply)) {
                reportCorrupt(key, "replaced by a cache fill");
              }
              previous[0] = RedisReplies.optionalString(reply, 2);
              previous[1] = RedisReplies.optionalString(reply, 3);
              if (RedisReplies.status(reply) == 1) {
                return RedisReplies.number(reply.get(4)) == 1
                    ? FillOutcome.REPLACED
                    : FillOutcome.CREATED;
              }
              if (attempt > 0 && record.principal() != null && record.equals(loadQuietly(key))) {
                // The first attempt wrote it and its reply was lost; make sure the index has it.
                index.add(key, record.principal(), record.absoluteExpiresAt());
              }
              return FillOutcome.KEPT;
            });
    if (outcome.written()) {
      String oldPrincipal = (String) previous[0];
      String oldAbsolute = (String) previous[1];
      if (!Objects.equals(oldPrincipal, record.principal())
          || oldAbsolute == null
          || !Long.toString(record.absoluteExpiresAt()).equals(oldAbsolute)) {
        index.reindex(key, oldPrincipal, record.principal(), record.absoluteExpiresAt());
      }
    }
    return outcome;
  }

  @Override
  public boolean touch(SessionKey key, long lastAccessedAt) {
    long now = clock.millis();
    List<String> args = args(now, key, Long.toString(lastAccessedAt));
    args.add(Long.toString(generation.get()));
    List<?> reply = executor.execute("touch", attempt -> eval(RedisScript.TOUCH, key, args));
    if (RedisReplies.corruptFlag(reply)) {
      reportCorrupt(key, "touch found no readable session");
    }
    return RedisReplies.status(reply) == 1;
  }

  @Override
  public boolean delete(SessionKey key) {
    long now = clock.millis();
    List<String> args = args(now, key, Long.toString(tombstoneTtlMillis));
    List<?> reply = executor.execute("delete", attempt -> eval(RedisScript.DELETE, key, args));
    if (RedisReplies.corruptFlag(reply)) {
      reportCorrupt(key, "deleted");
    }
    String oldPrincipal = RedisReplies.optionalString(reply, 2);
    if (oldPrincipal != null) {
      index.remove(key, oldPrincipal);
    }
    return RedisReplies.status(reply) == 1;
  }

  @Override
  public boolean changeKey(SessionKey from, SessionKey to) {
    if (from.equals(to)) {
      return load(from) != null;
    }
    return executor.deployment().isCluster() ? copyThenDelete(from, to) : rename(from, to);
  }

  private boolean rename(SessionKey from, SessionKey to) {
    long now = clock.millis();
    List<String> args = args(now, from, Long.toString(tombstoneTtlMillis));
    record Moved(
        long status, boolean corrupt, @Nullable String principal, @Nullable String absolute) {}
    Moved moved =
        executor.execute(
            "changeKey",
            attempt -> {
              List<?> r =
                  executor.eval(
                      RedisScript.RENAME, List.of(keys.session(from), keys.session(to)), args);
              long status = RedisReplies.status(r);
              if (status == 0 && attempt > 0) {
                // The first attempt may have moved it before its reply was lost.
                SessionRecord there = loadQuietly(to);
                if (there != null) {
                  return new Moved(
                      1, false, there.principal(), Long.toString(there.absoluteExpiresAt()));
                }
              }
              return new Moved(
                  status,
                  RedisReplies.corruptFlag(r),
                  RedisReplies.optionalString(r, 2),
                  RedisReplies.optionalString(r, 3));
            });
    if (moved.corrupt()) {
      reportCorrupt(
          moved.status() == 1 ? to : from,
          moved.status() == 1 ? "replaced by a rotated session" : "rotation source unreadable");
    }
    if (moved.status() == 3) {
      throw new StoreException(
          "cannot move session " + from + " to " + to + ": a live session already exists there");
    }
    String principal = moved.principal();
    if (moved.status() != 1) {
      if (principal != null) {
        index.remove(from, principal);
      }
      return false;
    }
    if (principal != null) {
      index.move(from, to, principal, moved.absolute());
    }
    return true;
  }

  /**
   * Id rotation across hash slots: copy the record to the new key, then delete the old key only if
   * its version is still the copied one. A write that lands on the old key between the two steps is
   * copied again; a delete in between deletes the copy too (logout wins).
   */
  private boolean copyThenDelete(SessionKey from, SessionKey to) {
    String tombstoneTtl = Long.toString(tombstoneTtlMillis);
    SessionRecord copied = null;
    for (int round = 0; round < 10; round++) {
      long now = clock.millis();
      List<?> snapshot =
          executor.execute(
              "changeKey",
              attempt -> eval(RedisScript.SNAPSHOT, from, args(now, from, tombstoneTtl)));
      if (RedisReplies.status(snapshot) != 1) {
        if (RedisReplies.corruptFlag(snapshot)) {
          reportCorrupt(from, "rotation source unreadable");
        }
        String expiredPrincipal = RedisReplies.optionalString(snapshot, 2);
        if (expiredPrincipal != null) {
          index.remove(from, expiredPrincipal);
        }
        if (copied != null) {
          delete(to);
        }
        return false;
      }
      Decoded decoded = RecordCodec.decode(from, RedisReplies.list(snapshot, 3));
      if (!(decoded instanceof Found found)) {
        reportCorrupt(from, decoded instanceof Corrupt c ? c.reason() : "vanished during rotation");
        return false;
      }
      SessionRecord record = withKey(found.record(), to);
      if (copied == null) {
        if (!insert(record)) {
          throw new StoreException(
              "cannot move session "
                  + from
                  + " to "
                  + to
                  + ": a live session already exists there");
        }
      } else if (!putIfNewer(record)) {
        throw new StoreException(
            "cannot move session " + from + " to " + to + ": the copy changed under it");
      }
      copied = record;
      long version = record.version();
      List<String> retireArgs = args(clock.millis(), from, tombstoneTtl);
      retireArgs.add(Long.toString(version));
      List<?> retired =
          executor.execute("changeKey", attempt -> eval(RedisScript.RETIRE, from, retireArgs));
      long status = RedisReplies.status(retired);
      if (status == 1) {
        if (record.principal() != null) {
          index.remove(from, record.principal());
        }
        return true;
      }
      if (status == 0) {
        // Deleted or expired between the copy and the delete: the copy must not outlive it.
        delete(to);
        return false;
      }
    }
    throw new StoreException(
        "cannot move session " + from + ": it changed on every one of 10 attempts");
  }

  private static SessionRecord withKey(SessionRecord r, SessionKey key) {
    return SessionRecord.builder(key)
        .principal(r.principal())
        .createdAt(r.createdAt())
        .lastAccessedAt(r.lastAccessedAt())
        .idleTimeoutMillis(r.idleTimeoutMillis())
        .absoluteExpiresAt(r.absoluteExpiresAt())
        .version(r.version())
        .attributesTrusted(r.attributes())
        .build();
  }

  // ---------------------------------------------------------------------------------------
  // Maintenance and status

  /**
   * Deletes sessions that are expired by {@code nowMillis} but whose TTL has not run out yet (Redis
   * removes the others by itself), found by a SCAN of the prefix. Each delete is conditional on the
   * session still being expired, so concurrent purgers never delete one twice. The manager does not
   * schedule this for Redis, which {@link #expiresEntriesItself()}.
   */
  @Override
  public List<PurgedSession> purgeExpired(long nowMillis, int maxSessions) {
    List<PurgedSession> purged = new ArrayList<>();
    if (maxSessions <= 0) {
      return purged;
    }
    scanner.forEach(
        "purgeExpired",
        (key, meta) -> {
          if (meta.expiredAt(nowMillis)) {
            List<String> args = new ArrayList<>(List.of(Long.toString(nowMillis), "", ""));
            List<?> reply =
                executor.execute("purgeExpired", attempt -> eval(RedisScript.PURGE, key, args));
            if (RedisReplies.status(reply) == 1) {
              String principal = RedisReplies.optionalString(reply, 2);
              if (principal != null) {
                index.remove(key, principal);
              }
              String expiredAt = RedisReplies.optionalString(reply, 3);
              purged.add(
                  new PurgedSession(
                      key, principal, expiredAt == null ? nowMillis : Long.parseLong(expiredAt)));
            }
          }
          return purged.size() < maxSessions;
        });
    return purged;
  }

  /** SCAN on every primary, a page at a time; tombstones and foreign keys are skipped. */
  @Override
  public void forEachKey(Predicate<SessionKey> visitor) {
    scanner.forEach("forEachKey", (key, meta) -> visitor.test(key));
  }

  @Override
  public boolean expiresEntriesItself() {
    return true;
  }

  /** Scans every session key of this prefix; may be slow on a large database, as the SPI allows. */
  @Override
  public StoreStats stats(long nowMillis, long createdSinceMillis) {
    long[] counts = new long[3];
    scanner.forEach(
        "stats",
        (key, meta) -> {
          counts[0]++;
          if (!meta.expiredAt(nowMillis)) {
            counts[1]++;
          }
          if (meta.createdAt() >= createdSinceMillis) {
            counts[2]++;
          }
          return true;
        });
    return new StoreStats(counts[0], counts[1], counts[2]);
  }

  /**
   * Connected, server version, role, memory, clients, the eviction policy and the number of session
   * keys under the prefix. Keys are counted with a SCAN bounded by the health scan limit ({@code
   * sessionKeysExact=false} when the limit was reached), or with DBSIZE when the database is
   * declared dedicated. In a cluster, memory, clients and keys are summed over the primaries. An
   * unreachable server is reported down with the masked URL.
   */
  @Override
  public StoreHealth health() {
    return status.health(name());
  }

  /** Whether the eviction warning was logged; for tests. */
  boolean evictionWarningLogged() {
    return status.evictionWarningLogged();
  }

  // ---------------------------------------------------------------------------------------
  // Notifications

  /**
   * Subscribes to the change channel on a dedicated thread (the connection it holds is taken from
   * the pool). Waits up to the connect timeout for the subscription to be active; if Redis cannot
   * be reached the listener is told {@link StoreListener#disconnected()} and the thread keeps
   * trying. The listener also receives this node's own changes.
   */
  @Override
  public StoreSubscription subscribe(StoreListener listener) {
    Objects.requireNonNull(listener, "listener");
    if (closed.get()) {
      throw new IllegalStateException("the store is closed");
    }
    NotificationSubscriber subscriber =
        new NotificationSubscriber(
            executor.deployment(),
            keys.channel(),
            listener,
            pingInterval,
            scheduler,
            executor.maskedUrl());
    subscribers.add(subscriber);
    subscriber.start(connectTimeout.plus(Duration.ofSeconds(1)));
    return () -> {
      subscribers.remove(subscriber);
      subscriber.close();
    };
  }

  // ---------------------------------------------------------------------------------------
  // Generations

  @Override
  public Optional<GenerationalCache> generationalCache() {
    return Optional.of(this);
  }

  /** The run ids of the primaries, sorted: new after every restart and every failover. */
  @Override
  public String datasetIdentity() {
    return executor.execute("datasetIdentity", attempt -> status.datasetIdentity());
  }

  @Override
  public void useGeneration(long next) {
    long before = generation.getAndAccumulate(next, Math::max);
    if (next > before) {
      LOG.info("Redis entries of cache generations before {} are misses from now on", next);
    }
  }

  @Override
  public long generation() {
    return generation.get();
  }

  // ---------------------------------------------------------------------------------------
  // Plumbing

  private List<?> eval(RedisScript script, SessionKey key, List<String> args) {
    return executor.eval(script, List.of(keys.session(key)), args);
  }

  /**
   * A PEXPIRE argument for a record that lives {@code millis} more: a session without an absolute
   * deadline (or with a very long timeout) would otherwise ask for more than Redis accepts ({@code
   * ERR invalid expire time}). 10^15 ms (about 31,000 years), as the scripts cap.
   */
  static String ttlArgument(long millis) {
    return Long.toString(Math.min(millis, MAX_TTL_MILLIS));
  }

  static final long MAX_TTL_MILLIS = 1_000_000_000_000_000L;

  private List<String> args(long now, SessionKey key, String fourth) {
    List<String> args = new ArrayList<>(16);
    args.add(Long.toString(now));
    args.add(keys.channel());
    args.add(RedisKeys.payload(key));
    args.add(fourth);
    return args;
  }

  private @Nullable SessionRecord loadQuietly(SessionKey key) {
    try {
      return load(key);
    } catch (StoreException e) {
      return null;
    }
  }

  private static boolean isWrongType(JedisDataException e) {
    return e.getMessage() != null && e.getMessage().startsWith("WRONGTYPE");
  }

  private void reportCorrupt(SessionKey key, String reason) {
    corruptRecords.increment();
    LOG.warn(
        "Foreign or corrupt data under Redis key {} ({}); treated as no session",
        keys.session(key),
        reason);
  }

  /** Session keys found holding foreign or corrupt data since the store started. */
  public long corruptRecords() {
    return corruptRecords.sum();
  }

  /** How often a script had to be loaded again after a NOSCRIPT error; for tests. */
  long scriptReloads() {
    return executor.scriptReloads();
  }

  /** Releases the connections, the subscriptions and their threads. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (NotificationSubscriber subscriber : subscribers) {
      subscriber.close();
    }
    subscribers.clear();
    scheduler.shutdownNow();
    executor.close();
  }

  /** Masked URL, mode and pool size; never a password. */
  @Override
  public String toString() {
    return description;
  }

  /**
   * Builds a {@link RedisSessionStore}. Every setter validates at once and names itself in its
   * {@link IllegalArgumentException}; {@link #build()} connects. Not thread-safe.
   */
  public static final class Builder {
    private @Nullable String url;
    private String urlSetting = "REDIS_URL";
    private int poolMaxSize = RedisStoreSettings.POOL_MAX_SIZE.defaultValue().orElseThrow();
    private Duration connectTimeout =
        RedisStoreSettings.CONNECT_TIMEOUT.defaultValue().orElseThrow();
    private Duration socketTimeout = RedisStoreSettings.SOCKET_TIMEOUT.defaultValue().orElseThrow();
    private Duration commandTimeout =
        RedisStoreSettings.COMMAND_TIMEOUT.defaultValue().orElseThrow();
    private int retries = RedisStoreSettings.RETRIES.defaultValue().orElseThrow();
    private Duration retryDelay = RedisStoreSettings.RETRY_DELAY.defaultValue().orElseThrow();
    private String keyPrefix = StoreContext.DEFAULT_KEY_PREFIX;
    private Clock clock = Clock.systemUTC();
    private @Nullable SSLSocketFactory sslSocketFactory;
    private boolean verifyHostname =
        RedisStoreSettings.VERIFY_HOSTNAME.defaultValue().orElseThrow();
    private Duration tombstoneTtl = RedisStoreSettings.TOMBSTONE_TTL.defaultValue().orElseThrow();
    private boolean dedicatedDatabase =
        RedisStoreSettings.DEDICATED_DB.defaultValue().orElseThrow();
    private int healthScanLimit = RedisStoreSettings.HEALTH_SCAN_LIMIT.defaultValue().orElseThrow();
    private boolean soleStore = true;
    private boolean principalIndex = true;
    private @Nullable String sentinelUser;
    private @Nullable String sentinelPassword;
    private Duration subscriptionPingInterval =
        RedisStoreSettings.SUBSCRIPTION_PING_INTERVAL.defaultValue().orElseThrow();
    private boolean tls;

    private Builder() {}

    /**
     * The Redis URL: {@code redis://[[user]:password@]host[:port][/db]}, {@code rediss://} for TLS,
     * {@code redis-sentinel://[[user]:password@]h1[:port],h2[:port]/master[/db]} or {@code
     * redis-cluster://[[user]:password@]h1[:port],h2[:port]}. Required. Parsed by {@link #build()},
     * which throws a {@link ConfigurationException} for a malformed one.
     */
    public Builder url(String url) {
      this.url = Objects.requireNonNull(url, "url");
      return this;
    }

    /** The setting the URL came from, named in messages. Default {@code REDIS_URL}. */
    Builder urlSetting(String urlSetting) {
      this.urlSetting = Objects.requireNonNull(urlSetting, "urlSetting");
      return this;
    }

    /** Connections per Redis node, 1 to 50. Default 16. One is held by each subscription. */
    public Builder poolMaxSize(int poolMaxSize) {
      this.poolMaxSize = RedisStoreSettings.POOL_MAX_SIZE.check("poolMaxSize", poolMaxSize);
      return this;
    }

    /** How long opening a connection may take, 1 ms to 24 days. Default 2 s. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout =
          RedisStoreSettings.CONNECT_TIMEOUT.check("connectTimeout", connectTimeout);
      return this;
    }

    /** How long one command may wait for its reply, 1 ms to 24 days. Default 2 s. */
    public Builder socketTimeout(Duration socketTimeout) {
      this.socketTimeout = RedisStoreSettings.SOCKET_TIMEOUT.check("socketTimeout", socketTimeout);
      return this;
    }

    /**
     * The time budget of one store operation including retries and the wait for a pooled
     * connection; no retry starts after it. 1 ms to 24 days, default 5 s.
     */
    public Builder commandTimeout(Duration commandTimeout) {
      this.commandTimeout =
          RedisStoreSettings.COMMAND_TIMEOUT.check("commandTimeout", commandTimeout);
      return this;
    }

    /** How often a transiently failed operation is tried again, 0 to 10. Default 1. */
    public Builder retries(int retries) {
      this.retries = RedisStoreSettings.RETRIES.check("retries", retries);
      return this;
    }

    /** The pause before a retry, 1 ms to 24 days. Default 50 ms. */
    public Builder retryDelay(Duration retryDelay) {
      this.retryDelay = RedisStoreSettings.RETRY_DELAY.check("retryDelay", retryDelay);
      return this;
    }

    /** The first part of every key and of the channel name. Default {@code session}. */
    public Builder keyPrefix(String keyPrefix) {
      String problem = RedisKeys.checkPrefix(Objects.requireNonNull(keyPrefix, "keyPrefix"));
      if (problem != null) {
        throw new IllegalArgumentException(
            "keyPrefix must have " + problem + ", got '" + keyPrefix + "'");
      }
      this.keyPrefix = keyPrefix;
      return this;
    }

    /** The clock expiry is computed with; use the manager's. Default the UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The TLS socket factory for {@code rediss://}. Default: the JVM's default SSL context. */
    public Builder sslSocketFactory(SSLSocketFactory sslSocketFactory) {
      this.sslSocketFactory = Objects.requireNonNull(sslSocketFactory, "sslSocketFactory");
      return this;
    }

    /**
     * Trusts the certificates of a trust store file (PKCS12 or JKS) for {@code rediss://}.
     *
     * @throws ConfigurationException naming {@link RedisStoreSettings#TRUSTSTORE} if it cannot be
     *     read
     */
    public Builder truststore(Path path, char @Nullable [] password, String type) {
      this.sslSocketFactory = loadTruststore(path, password, type);
      return this;
    }

    /** Whether a TLS server's certificate must match the host name. Default true. */
    public Builder verifyHostname(boolean verifyHostname) {
      this.verifyHostname = verifyHostname;
      return this;
    }

    /**
     * How long a deleted or rotated-away session is remembered, so a late cache fill cannot bring
     * it back. Zero disables tombstones. Default 60 s.
     */
    public Builder tombstoneTtl(Duration tombstoneTtl) {
      if (tombstoneTtl.isNegative()) {
        throw new IllegalArgumentException(
            "tombstoneTtl must not be negative, got " + tombstoneTtl);
      }
      this.tombstoneTtl = tombstoneTtl;
      return this;
    }

    /**
     * Whether the database holds only this library's keys, so health may count them with DBSIZE.
     * Default false.
     */
    public Builder dedicatedDatabase(boolean dedicatedDatabase) {
      this.dedicatedDatabase = dedicatedDatabase;
      return this;
    }

    /**
     * How many keys {@link #health()} examines at most when counting sessions with SCAN; 0 skips
     * counting; at most 100,000,000. Default 10,000.
     */
    public Builder healthScanLimit(int healthScanLimit) {
      this.healthScanLimit =
          RedisStoreSettings.HEALTH_SCAN_LIMIT.check("healthScanLimit", healthScanLimit);
      return this;
    }

    /**
     * Whether Redis is the only store (no durable store behind it). Then an evicting
     * maxmemory-policy is logged as a loud warning. Default true.
     */
    public Builder soleStore(boolean soleStore) {
      this.soleStore = soleStore;
      return this;
    }

    /**
     * Whether to keep the per-principal index that {@code findByPrincipal} (and so {@code
     * sessionsOf}, {@code invalidateAll} and the session limit) reads. Default true. Set false for
     * a cache tier in front of a durable store, which answers those itself: every create and
     * principal change then costs one Redis command less, and {@code findByPrincipal} on this store
     * throws {@link UnsupportedOperationException}. The tiered store's provider does so. (A store
     * switched back to being the only one lists only the sessions written while the index was
     * kept.)
     */
    public Builder principalIndex(boolean principalIndex) {
      this.principalIndex = principalIndex;
      return this;
    }

    /** Credentials for the sentinels themselves (the URL's are for the master). Default none. */
    public Builder sentinelCredentials(@Nullable String user, @Nullable String password) {
      this.sentinelUser = user;
      this.sentinelPassword = password;
      return this;
    }

    /**
     * How often a subscription's connection is pinged to detect a silent network failure, 1 ms to
     * 24 days. Default 5 s.
     */
    public Builder subscriptionPingInterval(Duration interval) {
      this.subscriptionPingInterval =
          RedisStoreSettings.SUBSCRIPTION_PING_INTERVAL.check("subscriptionPingInterval", interval);
      return this;
    }

    /**
     * Connects and returns the store.
     *
     * @throws ConfigurationException if the URL is missing or malformed
     * @throws io.github.sessionkit.StoreUnavailableException if Redis cannot be reached
     * @throws StoreException if Redis rejects the credentials or the scripts
     */
    public RedisSessionStore build() {
      if (url == null) {
        throw new ConfigurationException(
            urlSetting, urlSetting + " is not set: expected " + RedisUrl.FORMS);
      }
      RedisUrl parsed = RedisUrl.parse(urlSetting, url);
      this.tls = parsed.tls();
      return new RedisSessionStore(this, parsed);
    }
  }

  static SSLSocketFactory loadTruststore(Path path, char @Nullable [] password, String type) {
    try (InputStream in = Files.newInputStream(path)) {
      KeyStore store = KeyStore.getInstance(type);
      store.load(in, password);
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context.getSocketFactory();
    } catch (IOException | GeneralSecurityException e) {
      String setting = RedisStoreSettings.TRUSTSTORE.name();
      throw new ConfigurationException(
          setting,
          setting
              + "='"
              + path
              + "' is not valid: expected a readable "
              + type
              + " trust store (check the file and "
              + RedisStoreSettings.TRUSTSTORE_PASSWORD.name()
              + "): "
              + e.getClass().getSimpleName(),
          null);
    }
  }
}
