package io.github.sessionkit.testkit.postgres;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Wraps a real DataSource and counts the SQL statements executed through it, so a test can assert
 * how many round trips an operation costs ("a save is one statement").
 *
 * <p>Every {@code execute*} call on a statement counts once (a batch counts once); the SQL text of
 * each is kept for failure messages. Everything else is passed through to the wrapped DataSource.
 * Thread-safe.
 */
public final class CountingDataSource implements DataSource {

  private static final int MAX_KEPT = 10_000;

  private final DataSource delegate;
  private final AtomicLong statements = new AtomicLong();
  private final List<String> executed = new ArrayList<>();

  public CountingDataSource(DataSource delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** Statements executed since creation or the last {@link #reset()}. */
  public long statements() {
    return statements.get();
  }

  /** The SQL of the statements counted since the last {@link #reset()}, oldest first. */
  public List<String> executedSql() {
    synchronized (executed) {
      return List.copyOf(executed);
    }
  }

  /** Sets the count back to zero and forgets the recorded SQL. */
  public void reset() {
    synchronized (executed) {
      statements.set(0);
      executed.clear();
    }
  }

  private void count(@Nullable String sql) {
    synchronized (executed) {
      statements.incrementAndGet();
      if (executed.size() < MAX_KEPT) {
        executed.add(sql == null ? "?" : sql);
      }
    }
  }

  @Override
  public Connection getConnection() throws SQLException {
    return wrap(delegate.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return wrap(delegate.getConnection(username, password));
  }

  private Connection wrap(Connection connection) {
    return (Connection)
        Proxy.newProxyInstance(
            CountingDataSource.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            new ConnectionHandler(connection));
  }

  private final class ConnectionHandler implements InvocationHandler {
    private final Connection target;

    ConnectionHandler(Connection target) {
      this.target = target;
    }

    @Override
    public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args)
        throws Throwable {
      Object result = forward(target, method, args);
      String name = method.getName();
      if (result instanceof CallableStatement callable) {
        return wrapStatement(callable, CallableStatement.class, (String) args[0]);
      }
      if (result instanceof PreparedStatement prepared && name.startsWith("prepare")) {
        return wrapStatement(prepared, PreparedStatement.class, (String) args[0]);
      }
      if (result instanceof Statement statement && name.equals("createStatement")) {
        return wrapStatement(statement, Statement.class, null);
      }
      return result;
    }
  }

  private <T extends Statement> Object wrapStatement(
      T statement, Class<T> type, @Nullable String preparedSql) {
    return Proxy.newProxyInstance(
        CountingDataSource.class.getClassLoader(),
        new Class<?>[] {type},
        (proxy, method, args) -> {
          if (method.getName().startsWith("execute")) {
            count(
                args != null && args.length > 0 && args[0] instanceof String sql
                    ? sql
                    : preparedSql);
          }
          return forward(statement, method, args);
        });
  }

  private static @Nullable Object forward(Object target, Method method, @Nullable Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return delegate.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return iface.isInstance(this) ? iface.cast(this) : delegate.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || delegate.isWrapperFor(iface);
  }
}
