package io.github.omnictx.store.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The JDBC store's own behaviour on PostgreSQL. */
class PostgresStoreBehaviourTest extends JdbcStoreBehaviourTest {
  @Override
  String url() {
    return TestDatabases.postgresUrl();
  }

  @Override
  JdbcDialect dialect() {
    return JdbcDialect.POSTGRESQL;
  }

  @Override
  void kill(Connection victim) throws SQLException {
    int pid;
    try (ResultSet rs = victim.createStatement().executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      pid = rs.getInt(1);
    }
    try (Connection admin = DriverManager.getConnection(url());
        PreparedStatement ps = admin.prepareStatement("SELECT pg_terminate_backend(?, 10000)")) {
      ps.setInt(1, pid); // waits (up to 10 s) until the backend is gone
      ps.executeQuery().close();
    }
  }

  @Override
  String narrow(String table, String column, int n) {
    return "ALTER TABLE " + table + " ALTER COLUMN " + column + " TYPE varchar(" + n + ")";
  }
}
