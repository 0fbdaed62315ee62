package io.github.omnictx.store.jdbc;

import io.github.omnictx.core.spi.OutboxRepository;
import io.github.omnictx.core.spi.OutboxRow;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One tenant's rows of {@code <prefix>outbox} inside a unit of work: inserted with the records they
 * act on, deleted or rescheduled by a statement that names the claimed version, so a dispatcher
 * whose lease another took over changes no row.
 */
final class JdbcOutbox implements OutboxRepository {
  private final JdbcTransaction tx;
  private final Sql db;
  private final JdbcDialect dialect;
  private final String table;
  private final String t;

  JdbcOutbox(JdbcTransaction tx) {
    this.tx = tx;
    this.db = tx.db();
    this.dialect = tx.dialect();
    this.table = tx.store().tablePrefix() + "outbox";
    this.t = tx.tenant().value();
  }

  @Override
  public void enqueue(OutboxRow row) {
    tx.checkOpen();
    if (!row.tenant().equals(tx.tenant())) {
      throw new IllegalArgumentException("outbox row of tenant " + row.tenant() + " in a unit of work of " + tx.tenant());
    }
    String payload = Json.payload(row.payload());
    db.update("writing outbox row " + row.id(), "INSERT INTO " + table + " (id, aggregatetype, aggregateid, type, payload, "
        + "tenant, created_at, due_at, lease_until, lease_owner, version, attempts, last_error) VALUES (?, ?, ?, ?, "
        + dialect.jsonParameter() + ", ?, ?, ?, NULL, NULL, ?, ?, ?)",
        q -> q.id(row.id()).string(row.aggregateType()).string(row.aggregateId()).string(row.type()).string(payload)
            .string(t).instant(row.createdAt()).instant(row.dueAt()).bigint(row.version()).integer(row.attempts())
            .string(row.lastError().orElse(null)),
        () -> "outbox row " + row.id() + " already exists");
  }

  @Override
  public Optional<OutboxRow> find(UUID id) {
    tx.checkOpen();
    return db.first("reading outbox row " + id, "SELECT " + OutboxRows.COLUMNS + " FROM " + table
        + " WHERE id = ? AND tenant = ?", q -> q.id(id).string(t), rs -> OutboxRows.read(rs, dialect, 0));
  }

  @Override
  public boolean complete(UUID id, long claimedVersion) {
    tx.checkOpen();
    return db.update("completing outbox row " + id, "DELETE FROM " + table + " WHERE id = ? AND tenant = ? AND version = ?",
        q -> q.id(id).string(t).bigint(claimedVersion)) == 1;
  }

  @Override
  public boolean reschedule(UUID id, long claimedVersion, Instant dueAt, String lastError) {
    tx.checkOpen();
    return db.update("rescheduling outbox row " + id, "UPDATE " + table + " SET due_at = ?, attempts = attempts + 1, "
        + "last_error = ?, lease_until = NULL, lease_owner = NULL WHERE id = ? AND tenant = ? AND version = ?",
        q -> q.instant(dueAt).string(OutboxRow.shorten(lastError)).id(id).string(t).bigint(claimedVersion)) == 1;
  }
}
