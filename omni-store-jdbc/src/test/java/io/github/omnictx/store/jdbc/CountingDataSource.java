package io.github.omnictx.store.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Counts what a store sends through a {@link DataSource}: each statement executed (a query, an
 * update, a batch, a savepoint; with its text), each commit, and each row read from a result, so
 * that a test can pin the round trips a path costs and prove that what it reads does not grow.
 * Thread-safe enough for one thread at a time, which is how the tests use it.
 */
final class CountingDataSource implements DataSource {
  private final DataSource delegate;
  private final List<String> statements = new ArrayList<>();
  private int commits;
  private int rows;

  CountingDataSource(DataSource delegate) {
    this.delegate = delegate;
  }

  /** Forgets what was counted so far. */
  synchronized void reset() {
    statements.clear();
    commits = 0;
    rows = 0;
  }

  /** @return the statements executed since the last reset, in order */
  synchronized List<String> statements() {
    return List.copyOf(statements);
  }

  /** @return the commits since the last reset */
  synchronized int commits() {
    return commits;
  }

  /** @return the rows read from results since the last reset */
  synchronized int rows() {
    return rows;
  }

  private synchronized void executed(String sql) {
    statements.add(sql);
  }

  private synchronized void committed() {
    commits++;
  }

  private synchronized void read() {
    rows++;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return connection(delegate.getConnection());
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    return connection(delegate.getConnection(user, password));
  }

  private Connection connection(Connection real) {
    return proxy(Connection.class, real, (method, args) -> {
      Object out = invoke(real, method, args);
      switch (method.getName()) {
        case "prepareStatement" -> {
          return statement(PreparedStatement.class, (PreparedStatement) out, (String) args[0]);
        }
        case "createStatement" -> {
          return statement(Statement.class, (Statement) out, null);
        }
        case "commit" -> committed();
        case "setSavepoint" -> executed("SAVEPOINT");
        case "releaseSavepoint" -> executed("RELEASE SAVEPOINT");
        case "rollback" -> executed(args == null ? "ROLLBACK" : "ROLLBACK TO SAVEPOINT");
        default -> {
          // not a round trip of its own on the databases the counts are pinned for
        }
      }
      return out;
    });
  }

  private <S extends Statement> S statement(Class<S> type, S real, String sql) {
    return proxy(type, real, (method, args) -> {
      String name = method.getName();
      if (name.startsWith("execute")) {
        executed(sql != null ? sql : String.valueOf(args == null ? "" : args[0]));
      }
      Object out = invoke(real, method, args);
      if (out instanceof ResultSet rs) {
        return results(rs);
      }
      return out;
    });
  }

  private ResultSet results(ResultSet real) {
    return proxy(ResultSet.class, real, (method, args) -> {
      Object out = invoke(real, method, args);
      if (method.getName().equals("next") && Boolean.TRUE.equals(out)) {
        read();
      }
      return out;
    });
  }

  private interface Handler {
    Object handle(java.lang.reflect.Method method, Object[] args) throws Throwable;
  }

  @SuppressWarnings("unchecked")
  private static <T> T proxy(Class<T> type, T real, Handler h) {
    return (T) Proxy.newProxyInstance(CountingDataSource.class.getClassLoader(), new Class<?>[] {type},
        (p, method, args) -> {
          if (method.getName().equals("unwrap") || method.getName().equals("isWrapperFor")) {
            return invoke(real, method, args);
          }
          return h.handle(method, args);
        });
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
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
    return delegate.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return false;
  }
}
