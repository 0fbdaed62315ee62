package io.github.omnictx.store.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A minimal connection pool for the tests, so that the contract suite does not open a new server
 * connection per unit of work (applications bring their own pool, e.g. HikariCP; the store needs
 * only a {@link DataSource}). Idle connections are reused; a connection handed back closed or
 * broken is dropped. Thread-safe.
 */
final class TinyPool implements DataSource {
  private final String url;
  private final LinkedBlockingDeque<Connection> idle = new LinkedBlockingDeque<>();

  TinyPool(String url) {
    this.url = url;
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection real = idle.pollFirst();
    if (real == null || real.isClosed()) {
      real = DriverManager.getConnection(url);
    }
    return wrap(real);
  }

  private Connection wrap(Connection real) {
    boolean[] closed = {false};
    return (Connection) Proxy.newProxyInstance(TinyPool.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> {
          if (method.getName().equals("close")) {
            if (!closed[0]) {
              closed[0] = true;
              giveBack(real);
            }
            return null;
          }
          if (method.getName().equals("isClosed") && closed[0]) {
            return true;
          }
          if (method.getName().equals("unwrap") && args[0] == Connection.class) {
            return real;
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  private void giveBack(Connection real) {
    try {
      if (real.isClosed() || !real.getAutoCommit()) {
        real.close();
        return;
      }
    } catch (SQLException e) {
      return;
    }
    idle.offerFirst(real);
  }

  /** Closes every idle connection. */
  void closeIdle() {
    for (Connection c; (c = idle.pollFirst()) != null; ) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // closing anyway
      }
    }
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("credentials go in the URL");
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {}

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    throw new SQLException("not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return false;
  }
}
