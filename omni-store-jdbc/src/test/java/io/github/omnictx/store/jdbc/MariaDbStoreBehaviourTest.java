package io.github.omnictx.store.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The JDBC store's own behaviour on MariaDB; skipped, visibly, without OMNI_TEST_MARIADB_URL. */
@RequiresMariaDb
class MariaDbStoreBehaviourTest extends JdbcStoreBehaviourTest {
  @Override
  String url() {
    return TestDatabases.mariadbUrl().orElseThrow();
  }

  @Override
  JdbcDialect dialect() {
    return JdbcDialect.MARIADB;
  }

  @Override
  void kill(Connection victim) throws SQLException {
    long id;
    try (ResultSet rs = victim.createStatement().executeQuery("SELECT CONNECTION_ID()")) {
      rs.next();
      id = rs.getLong(1);
    }
    try (Connection admin = DriverManager.getConnection(url()); Statement s = admin.createStatement()) {
      s.execute("KILL CONNECTION " + id);
    }
  }

  @Override
  String narrow(String table, String column, int n) {
    return "ALTER TABLE " + table + " MODIFY " + column + " VARCHAR(" + n + ")";
  }
}
