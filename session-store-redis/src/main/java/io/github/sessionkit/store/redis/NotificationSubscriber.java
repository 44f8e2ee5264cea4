package io.github.sessionkit.store.redis;

import io.github.sessionkit.spi.StoreListener;
import io.github.sessionkit.spi.StoreSubscription;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.JedisPubSub;

/**
 * Holds one subscription to the change channel on its own thread and keeps it alive: when the
 * connection drops (server restart, failover, network) it tells the listener {@link
 * StoreListener#disconnected()}, reconnects with a capped backoff, subscribes again and then tells
 * it {@link StoreListener#reconnected()}. A connection that stops answering the periodic PING (a
 * black-holed network, where no close ever arrives) is closed and treated the same way. The node's
 * own writes are delivered too: Redis pub/sub does not tell senders apart. Listener exceptions are
 * logged and never stop the subscription.
 */
final class NotificationSubscriber implements StoreSubscription {

  private static final Logger LOG = LoggerFactory.getLogger(NotificationSubscriber.class);
  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final long MIN_BACKOFF_MILLIS = 50;
  private static final long MAX_BACKOFF_MILLIS = 2_000;

  private final RedisDeployment deployment;
  private final String channel;
  private final StoreListener listener;
  private final long pingIntervalMillis;
  private final String maskedUrl;
  private final Thread thread;
  private final CountDownLatch firstAttempt = new CountDownLatch(1);
  private final ScheduledFuture<?> watchdog;

  private volatile boolean closed;
  private volatile @Nullable Connection connection;
  private volatile @Nullable Subscription current;

  /**
   * True from a disconnected() call until the matching reconnected(); only the subscriber thread
   * writes it.
   */
  private boolean announcedDown;

  NotificationSubscriber(
      RedisDeployment deployment,
      String channel,
      StoreListener listener,
      Duration pingInterval,
      ScheduledExecutorService scheduler,
      String maskedUrl) {
    this.deployment = deployment;
    this.channel = channel;
    this.listener = listener;
    this.pingIntervalMillis = pingInterval.toMillis();
    this.maskedUrl = maskedUrl;
    this.thread = new Thread(this::run, "sessionkit-redis-subscriber-" + THREADS.incrementAndGet());
    this.thread.setDaemon(true);
    this.watchdog =
        scheduler.scheduleWithFixedDelay(
            this::checkAlive, pingIntervalMillis, pingIntervalMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * Starts the thread and waits, at most {@code wait}, until the first subscription is active or
   * failed.
   */
  void start(Duration wait) {
    thread.start();
    try {
      firstAttempt.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    long backoff = MIN_BACKOFF_MILLIS;
    while (!closed) {
      Subscription subscription = new Subscription();
      Connection conn = null;
      try {
        conn = deployment.subscriptionConnection();
        connection = conn;
        current = subscription;
        if (closed) {
          break;
        }
        subscription.proceed(conn, channel);
      } catch (RuntimeException e) {
        if (!closed) {
          LOG.debug("Redis change subscription at {} failed: {}", maskedUrl, e.toString());
        }
      } finally {
        current = null;
        connection = null;
        if (conn != null) {
          closeQuietly(conn);
        }
      }
      if (closed) {
        break;
      }
      if (subscription.wasActive) {
        backoff = MIN_BACKOFF_MILLIS;
      }
      if (!announcedDown) {
        announcedDown = true;
        LOG.warn(
            "Lost the Redis change subscription at {}; other nodes' changes may be missed until it"
                + " is back",
            maskedUrl);
        notify(StoreListener::disconnected, "disconnected");
      }
      firstAttempt.countDown();
      sleep(backoff);
      backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
    }
    firstAttempt.countDown();
  }

  private void subscribed() {
    if (announcedDown) {
      announcedDown = false;
      LOG.info("Redis change subscription at {} is back", maskedUrl);
      notify(StoreListener::reconnected, "reconnected");
    }
    firstAttempt.countDown();
  }

  /**
   * Pings the subscribed connection; closes it if the previous ping went unanswered for too long.
   */
  private void checkAlive() {
    Subscription subscription = current;
    Connection conn = connection;
    if (subscription == null || conn == null || !subscription.wasActive) {
      return;
    }
    long silentFor = System.nanoTime() - subscription.lastHeardNanos;
    if (silentFor > TimeUnit.MILLISECONDS.toNanos(2 * pingIntervalMillis + 1_000)) {
      LOG.warn(
          "Redis change subscription at {} has not answered for {} ms; reconnecting",
          maskedUrl,
          TimeUnit.NANOSECONDS.toMillis(silentFor));
      conn.disconnect();
      return;
    }
    try {
      subscription.ping();
    } catch (RuntimeException e) {
      conn.disconnect();
    }
  }

  private void notify(java.util.function.Consumer<StoreListener> call, String what) {
    try {
      call.accept(listener);
    } catch (RuntimeException e) {
      LOG.warn("Store listener failed in {}()", what, e);
    }
  }

  private static void closeQuietly(Connection conn) {
    try {
      // Never hand a subscription connection back to the pool: a reply to a ping sent just
      // before the unsubscribe may still be on its way, and the next borrower would read it
      // as the reply to its own command.
      conn.setBroken();
      conn.close();
    } catch (RuntimeException ignored) {
      // The connection is broken already; the pool discards it.
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    watchdog.cancel(false);
    Subscription subscription = current;
    if (subscription != null && subscription.isSubscribed()) {
      try {
        subscription.unsubscribe();
      } catch (RuntimeException e) {
        Connection conn = connection;
        if (conn != null) {
          conn.disconnect();
        }
      }
    }
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      Connection conn = connection;
      if (conn != null) {
        conn.disconnect();
      }
    }
  }

  /** One subscription attempt on one connection. Callbacks run on the subscriber thread. */
  private final class Subscription extends JedisPubSub {
    volatile boolean wasActive;
    volatile long lastHeardNanos = System.nanoTime();

    @Override
    public void onSubscribe(String channel, int subscribedChannels) {
      lastHeardNanos = System.nanoTime();
      wasActive = true;
      subscribed();
    }

    @Override
    public void onMessage(String channel, String message) {
      lastHeardNanos = System.nanoTime();
      RedisKeys.Notice notice = RedisKeys.parsePayload(message);
      if (notice == null) {
        LOG.debug("Ignoring a message on {} that names no session", channel);
        return;
      }
      try {
        listener.changed(notice.key(), notice.version(), notice.lastAccessedAt());
      } catch (RuntimeException e) {
        LOG.warn("Store listener failed in changed({})", notice.key(), e);
      }
    }

    @Override
    public void onPong(String pattern) {
      lastHeardNanos = System.nanoTime();
    }
  }
}
