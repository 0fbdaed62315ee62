package io.github.omnictx.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/** The JDBC store's own behaviour on H2. */
class H2StoreBehaviourTest extends JdbcStoreBehaviourTest {
  @Override
  String url() {
    return TestDatabases.h2Url("omni_behaviour");
  }

  @Override
  JdbcDialect dialect() {
    return JdbcDialect.H2;
  }

  @Override
  void kill(Connection victim) throws SQLException {
    // Embedded: there is no server session to kill from outside; the connection closes under the store.
    victim.unwrap(Connection.class).close();
  }

  @Override
  String narrow(String table, String column, int n) {
    return "ALTER TABLE " + table + " ALTER COLUMN " + column + " SET DATA TYPE VARCHAR(" + n + ")";
  }
}
