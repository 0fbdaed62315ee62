package io.github.omnictx.examples.bench;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A fixed pool of physical connections for the multi-threaded benchmark lines, so that both sides
 * of a comparison pay the same (nothing) for connection set-up: {@code getConnection} waits for a
 * free connection, {@code close} rolls back what was left uncommitted, restores autocommit and gives
 * the connection back. Thread-safe; a handed-out connection belongs to one thread until closed.
 */
final class ConnectionPool implements DataSource, AutoCloseable {
  private final List<Connection> all = new ArrayList<>();
  private final BlockingQueue<Connection> free;

  ConnectionPool(String url, int size) throws SQLException {
    free = new ArrayBlockingQueue<>(size);
    for (int i = 0; i < size; i++) {
      Connection c = DriverManager.getConnection(url);
      all.add(c);
      free.add(c);
    }
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection real;
    try {
      real = free.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for a connection", e);
    }
    boolean[] closed = {false};
    return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> {
          if (method.getName().equals("close")) {
            if (!closed[0]) {
              closed[0] = true;
              try {
                if (!real.getAutoCommit()) {
                  real.rollback();
                  real.setAutoCommit(true);
                }
              } finally {
                free.add(real);
              }
            }
            return null;
          }
          if (method.getName().equals("isClosed")) {
            return closed[0];
          }
          if (closed[0]) {
            throw new SQLException("connection already given back to the pool");
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Override
  public void close() throws SQLException {
    for (Connection c : all) {
      c.close();
    }
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("credentials go in the URL");
  }

  @Override
  public PrintWriter getLogWriter() {
    return new PrintWriter(System.err, true);
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
