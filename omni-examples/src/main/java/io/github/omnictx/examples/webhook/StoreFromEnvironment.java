package io.github.omnictx.examples.webhook;

import io.github.omnictx.core.spi.OmniStore;
import io.github.omnictx.store.jdbc.JdbcStore;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Map;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The store the webhook server keeps its data in: the database at {@code OMNI_JDBC_URL}, by
 * default an H2 file ({@value #DEFAULT_URL}, beside where the server is started), so what the
 * providers sent survives a restart. PostgreSQL on request, e.g. {@code
 * OMNI_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/shop?user=omni}; the tables (prefix {@code omni_})
 * are created or migrated on start. Thread-safe (stateless).
 */
public final class StoreFromEnvironment {
  /** The variable naming the database. */
  public static final String URL_VARIABLE = "OMNI_JDBC_URL";
  /** The database when the variable is not set: an H2 file. */
  public static final String DEFAULT_URL = "jdbc:h2:file:./omni-webhooks";

  private StoreFromEnvironment() {}

  /**
   * @param env the environment, e.g. {@code System.getenv()}
   * @return the JDBC URL the server uses
   */
  public static String url(Map<String, String> env) {
    String url = env.get(URL_VARIABLE);
    return url == null || url.isBlank() ? DEFAULT_URL : url.strip();
  }

  /**
   * Opens the store, migrating its tables.
   *
   * @param env the environment, e.g. {@code System.getenv()}
   * @return the store
   * @throws io.github.omnictx.core.StoreException if the database cannot be reached or migrated
   */
  public static OmniStore store(Map<String, String> env) {
    return JdbcStore.builder(new UrlDataSource(url(env))).tablePrefix("omni_").migrate(true).build();
  }

  /**
   * A new connection per call from the driver for the URL: enough for an example. A service
   * gives the store its own pool (HikariCP, the driver's pooled {@code DataSource}).
   */
  private static final class UrlDataSource implements DataSource {
    private final String url;

    UrlDataSource(String url) {
      this.url = url;
    }

    @Override
    public Connection getConnection() throws SQLException {
      return DriverManager.getConnection(url);
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      return DriverManager.getConnection(url, user, password);
    }

    @Override
    public PrintWriter getLogWriter() {
      return new PrintWriter(System.err);
    }

    @Override
    public void setLogWriter(PrintWriter out) {
      // DriverManager logs where it logs
    }

    @Override
    public void setLoginTimeout(int seconds) {
      DriverManager.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() {
      return DriverManager.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException("no parent logger");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      if (type.isInstance(this)) {
        return type.cast(this);
      }
      throw new SQLException("not a wrapper for " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
      return type.isInstance(this);
    }
  }
}
