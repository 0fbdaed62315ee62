package io.github.omnictx.store.jdbc;

import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.spi.OutboxRow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** Reading {@code <prefix>outbox} rows, for the tenant repository and the store-level claims alike. */
final class OutboxRows {
  static final String COLUMNS =
      "id, aggregatetype, aggregateid, type, payload, tenant, created_at, due_at, version, attempts, last_error";

  private OutboxRows() {}

  /**
   * @param rs the row
   * @param dialect the dialect
   * @param versionDelta added to the stored version (1 for a row just claimed by an UPDATE that
   *     did not return it)
   * @return the row
   */
  static OutboxRow read(ResultSet rs, JdbcDialect dialect, long versionDelta) throws SQLException {
    return new OutboxRow(dialect.requiredId(rs, "id"), TenantId.of(rs.getString("tenant")), rs.getString("aggregatetype"),
        rs.getString("aggregateid"), rs.getString("type"), Json.read(rs.getString("payload")),
        dialect.requiredInstant(rs, "created_at"), dialect.requiredInstant(rs, "due_at"), rs.getLong("version") + versionDelta,
        rs.getInt("attempts"), Optional.ofNullable(rs.getString("last_error")));
  }
}
