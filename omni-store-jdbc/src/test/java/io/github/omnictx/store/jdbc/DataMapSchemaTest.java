package io.github.omnictx.store.jdbc;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The live H2 and PostgreSQL schemas against the privacy data map (MariaDB: its own class). */
class DataMapSchemaTest {

  @Test
  void everyH2TableAndColumnIsClassified() throws Exception {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL(TestDatabases.h2Url("omni_datamap"));
    DataMapSchemaCheck.check(ds, "omni_datamap_");
  }

  @Test
  void everyPostgresTableAndColumnIsClassified() throws Exception {
    DataMapSchemaCheck.check(new TinyPool(TestDatabases.postgresUrl()), "omni_datamap_");
  }
}
