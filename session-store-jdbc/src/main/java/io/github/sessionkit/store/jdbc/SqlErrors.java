package io.github.sessionkit.store.jdbc;

import io.github.sessionkit.StoreCredentialsException;
import io.github.sessionkit.StoreException;
import io.github.sessionkit.StoreUnavailableException;
import io.github.sessionkit.StoreUnreachableException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import org.jspecify.annotations.Nullable;

/**
 * Turns JDBC failures into the library's exceptions: anything that says "the server cannot be
 * reached or did not answer in time" becomes {@link StoreUnavailableException}, the rest {@link
 * StoreException} carrying the SQLState.
 */
final class SqlErrors {

  private SqlErrors() {}

  /** Whether the failure means the backend is unreachable or too slow, not that it refused. */
  static boolean isUnavailable(SQLException e) {
    if (e instanceof SQLTransientConnectionException || e instanceof SQLTimeoutException) {
      return true;
    }
    String state = e.getSQLState();
    if (state == null) {
      // Drivers and pools leave the state empty for I/O failures before any server answer.
      return e.getCause() instanceof java.io.IOException;
    }
    return state.startsWith("08") // connection exception
        || state.equals("57P01") // admin_shutdown: server stopping
        || state.equals("57P02") // crash_shutdown
        || state.equals("57P03") // cannot_connect_now: server starting up
        || state.equals("57014") // query_canceled: statement_timeout fired
        || state.equals("55P03") // lock_not_available: lock_timeout fired
        || state.equals("53300") // too_many_connections
        || state.equals("53400"); // configuration_limit_exceeded
  }

  /**
   * Whether the server refused or dropped the connection (down, restarting, cut off), as opposed to
   * being slow or the pool being busy: connection-exception and shutdown states, also as the cause
   * of a pool timeout (the pool could not open a connection).
   */
  static boolean isUnreachable(SQLException e) {
    if (e instanceof SQLTransientConnectionException
        && e.getCause() instanceof SQLException cause) {
      return isUnreachable(cause);
    }
    String state = e.getSQLState();
    if (state == null) {
      return e.getCause() instanceof java.net.ConnectException;
    }
    return state.startsWith("08")
        || state.equals("57P01")
        || state.equals("57P02")
        || state.equals("57P03");
  }

  /** The store name exceptions carry. */
  static final String STORE = "postgresql";

  /**
   * Whether the server rejected the user or password (SQLState class 28), also as the cause of a
   * pool timeout: not an outage, and no retry helps.
   */
  static boolean isCredentialsRejected(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql
          && sql.getSQLState() != null
          && sql.getSQLState().startsWith("28")) {
        return true;
      }
    }
    return false;
  }

  /** Whether the connection the failure happened on is broken, so a read may retry once. */
  static boolean isBrokenConnection(SQLException e) {
    String state = e.getSQLState();
    return state != null
        && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02"));
  }

  /**
   * The exception to throw for a failed operation.
   *
   * @param operation what was being done, for the message ({@code "load"})
   * @param target where, without secrets: the masked URL or the table name
   */
  static StoreException translate(String operation, String target, SQLException e) {
    String state = e.getSQLState();
    String reason = reason(e);
    if (isCredentialsRejected(e)) {
      return new StoreCredentialsException(
          STORE,
          operation,
          "PostgreSQL session store ("
              + target
              + ") rejected the credentials during "
              + operation
              + ": "
              + reason
              + ". Check the user and password in the "
              + "database URL (the password is not shown)",
          e);
    }
    if (isUnavailable(e)) {
      String message =
          "PostgreSQL session store ("
              + target
              + ") is unavailable: "
              + operation
              + " failed: "
              + reason
              + (state == null ? "" : " [SQLState " + state + "]");
      return isUnreachable(e)
          ? new StoreUnreachableException(STORE, operation, message, e)
          : new StoreUnavailableException(STORE, operation, message, e);
    }
    return new StoreException(
        STORE,
        operation,
        "PostgreSQL session store ("
            + target
            + "): "
            + operation
            + " failed with SQLState "
            + (state == null ? "unknown" : state)
            + ": "
            + reason,
        e);
  }

  /**
   * The innermost useful message: a pool timeout wraps the real connection error, which is what an
   * operator needs to read; the pool's counts follow it.
   */
  static String reason(SQLException e) {
    String message = firstLine(e.getMessage());
    Throwable cause = e.getCause();
    if (e instanceof SQLTransientConnectionException
        && cause != null
        && cause.getMessage() != null) {
      int counts = message.indexOf("(total=");
      return withoutFinalPeriod(firstLine(cause.getMessage()))
          + " (no connection available in time"
          + (counts < 0 ? ")" : "; pool " + message.substring(counts + 1));
    }
    return withoutFinalPeriod(message);
  }

  private static String withoutFinalPeriod(String message) {
    return message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
  }

  private static String firstLine(@Nullable String message) {
    if (message == null) {
      return "(no message)";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
