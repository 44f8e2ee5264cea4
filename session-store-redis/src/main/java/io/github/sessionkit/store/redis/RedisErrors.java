package io.github.sessionkit.store.redis;

import io.github.sessionkit.StoreCredentialsException;
import io.github.sessionkit.StoreException;
import io.github.sessionkit.StoreUnavailableException;
import io.github.sessionkit.StoreUnreachableException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisBusyException;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Turns Jedis failures into the library's exceptions: unreachable (refused, timed out, pool
 * exhausted, cluster down, loading, read-only replica) becomes {@link StoreUnavailableException};
 * rejected credentials a {@link StoreException} that says so; anything else a {@link
 * StoreException}. Messages carry the masked URL and never a password.
 */
final class RedisErrors {

  private RedisErrors() {}

  /** Rejected credentials anywhere in the cause chain (also when wrapped by the pool). */
  static boolean isAuthFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof JedisAccessControlException) {
        return true;
      }
      String m = t.getMessage();
      if (t instanceof JedisDataException
          && m != null
          && (m.startsWith("WRONGPASS") || m.startsWith("NOAUTH") || m.startsWith("NOPERM"))) {
        return true;
      }
    }
    return false;
  }

  static boolean isPoolExhausted(Throwable e) {
    // The pool wraps its borrow timeout; connection failures while creating arrive unwrapped.
    return e.getCause() instanceof NoSuchElementException;
  }

  /** The server cannot serve now but may soon: worth a retry and reported as unavailable. */
  static boolean isTransient(Throwable e) {
    if (isAuthFailure(e)) {
      return false;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof JedisConnectionException
          || t instanceof JedisClusterOperationException
          || t instanceof JedisBusyException
          || t instanceof NoSuchElementException) {
        return true;
      }
      String m = t.getMessage();
      if (t instanceof JedisDataException
          && m != null
          && (m.startsWith("LOADING")
              || m.startsWith("READONLY")
              || m.startsWith("TRYAGAIN")
              || m.startsWith("CLUSTERDOWN")
              || m.startsWith("MASTERDOWN")
              || m.startsWith("BUSY"))) {
        return true;
      }
    }
    return false;
  }

  /** Whether the failure happened before a command could reach the server, so any retry is safe. */
  static boolean neverSent(Throwable e) {
    if (isPoolExhausted(e)) {
      return true;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof UnknownHostException
          || t instanceof NoRouteToHostException) {
        return true;
      }
    }
    return false;
  }

  static StoreException translate(
      RuntimeException e,
      String operation,
      String maskedUrl,
      String urlSetting,
      @Nullable String poolState) {
    if (isAuthFailure(e)) {
      return new StoreCredentialsException(
          STORE,
          operation,
          "Redis at "
              + maskedUrl
              + " ("
              + urlSetting
              + ") rejected the credentials during "
              + operation
              + ": "
              + safeMessage(e)
              + ". Check the user and password in "
              + urlSetting
              + " (the password is not shown)",
          e);
    }
    if (isPoolExhausted(e)) {
      return new StoreUnavailableException(
          STORE,
          operation,
          "Redis at "
              + maskedUrl
              + " ("
              + urlSetting
              + ") is unavailable for "
              + operation
              + ": no connection free in time, "
              + poolState
              + "; raise "
              + RedisStoreSettings.POOL_MAX_SIZE.name()
              + " or find what holds connections",
          e);
    }
    if (isTransient(e)) {
      String message =
          "Redis at "
              + maskedUrl
              + " ("
              + urlSetting
              + ") is unavailable for "
              + operation
              + ": "
              + safeMessage(e);
      return neverSent(e)
          ? new StoreUnreachableException(STORE, operation, message, e)
          : new StoreUnavailableException(STORE, operation, message, e);
    }
    return new StoreException(
        STORE,
        operation,
        "Redis at "
            + maskedUrl
            + " ("
            + urlSetting
            + ") failed "
            + operation
            + ": "
            + safeMessage(e),
        e);
  }

  /** The store name exceptions carry. */
  static final String STORE = "redis";

  /** The deepest useful message of the chain. */
  private static String safeMessage(Throwable e) {
    StringBuilder b = new StringBuilder();
    String last = null;
    int depth = 0;
    for (Throwable t = e; t != null && depth < 4; t = t.getCause(), depth++) {
      String m = t.getMessage();
      if (m != null && !m.equals(last)) {
        if (b.length() > 0) {
          b.append(": ");
        }
        b.append(m);
        last = m;
      }
    }
    return b.length() == 0 ? e.getClass().getSimpleName() : b.toString();
  }
}
