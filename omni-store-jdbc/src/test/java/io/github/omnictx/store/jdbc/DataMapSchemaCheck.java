package io.github.omnictx.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.omnictx.core.privacy.DataMap;
import io.github.omnictx.core.privacy.DataRecord;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Reads the live schema of a migrated store (the driver's metadata: information_schema underneath)
 * and compares it with the {@link DataMap}: every table with the store's prefix and every column
 * of it must be classified there, and every record of the map must exist.
 */
final class DataMapSchemaCheck {
  private DataMapSchemaCheck() {}

  /** Migrates a store with a prefix of its own on the data source and checks its schema. */
  static void check(DataSource ds, String prefix) throws SQLException {
    JdbcStore.builder(ds).tablePrefix(prefix).migrate(true).build();
    Map<String, TreeSet<String>> live = new TreeMap<>();
    try (Connection c = ds.getConnection()) {
      DatabaseMetaData meta = c.getMetaData();
      String catalog = c.getCatalog();
      String schema = c.getSchema();
      try (ResultSet rs = meta.getColumns(catalog, schema, null, null)) {
        while (rs.next()) {
          String table = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
          if (table.startsWith(prefix)) {
            live.computeIfAbsent(table.substring(prefix.length()), k -> new TreeSet<>())
                .add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
          }
        }
      }
    }
    assertThat(live).as("tables with prefix %s", prefix).isNotEmpty();
    List<String> unclassified = new ArrayList<>();
    live.forEach((table, columns) -> {
      DataRecord r = DataMap.record(table).orElse(null);
      if (r == null) {
        unclassified.add(table + " (the whole table)");
        return;
      }
      columns.stream().filter(col -> r.field(col).isEmpty()).forEach(col -> unclassified.add(table + "." + col));
    });
    assertThat(unclassified).as("tables and columns the privacy data map does not classify: add them to DataMap")
        .isEmpty();
    List<String> absent = new ArrayList<>();
    for (DataRecord r : DataMap.records()) {
      if (!live.containsKey(r.name()) && !r.name().equals("schema_lock")) {
        absent.add(r.name());
      }
    }
    assertThat(absent).as("data map records the store has no table for").isEmpty();
    System.out.println("[data map] " + ds.getClass().getSimpleName() + " " + prefix + ": " + live.size()
        + " tables, " + live.values().stream().mapToInt(TreeSet::size).sum() + " columns, all classified");
  }
}
