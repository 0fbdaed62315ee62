package io.github.omnictx.store.jdbc;

import org.junit.jupiter.api.Test;

/** The live MariaDB schema against the privacy data map; skipped, visibly, without a server. */
@RequiresMariaDb
class MariaDbDataMapSchemaTest {

  @Test
  void everyMariaDbTableAndColumnIsClassified() throws Exception {
    DataMapSchemaCheck.check(new TinyPool(TestDatabases.mariadbUrl().orElseThrow()), "omni_datamap_");
  }
}
