package io.github.omnictx.store.jdbc;

import io.github.omnictx.core.ConcurrentUpdateException;
import io.github.omnictx.core.spi.PollCursorRepository;
import io.github.omnictx.core.webhook.PollPosition;
import java.time.Instant;
import java.util.Optional;

/**
 * Poll positions in {@code <prefix>poll_cursors}, one row per (tenant, adapter, source). Saving is
 * an update, and an insert only for the first position of a source; two units of work inserting
 * the first position at once meet on the primary key and the loser gets {@link
 * ConcurrentUpdateException} (run again, it updates).
 */
final class JdbcPollCursors implements PollCursorRepository {
  private final JdbcTransaction tx;
  private final Sql db;
  private final String table;

  JdbcPollCursors(JdbcTransaction tx, String prefix) {
    this.tx = tx;
    this.db = tx.db();
    this.table = prefix + "poll_cursors";
  }

  @Override
  public Optional<PollPosition> find(String adapter, String source) {
    tx.checkOpen();
    String t = tx.tenant().value();
    return db.query("reading the poll position of adapter " + adapter,
        "SELECT validity, last_item FROM " + table + " WHERE tenant = ? AND adapter = ? AND source = ?",
        p -> p.string(t).string(adapter).string(source),
        rs -> rs.next() ? Optional.of(new PollPosition(rs.getLong("validity"), rs.getLong("last_item"))) : Optional.empty());
  }

  @Override
  public void save(String adapter, String source, PollPosition position, Instant now) {
    tx.checkOpen();
    String t = tx.tenant().value();
    String what = "remembering the poll position of adapter " + adapter;
    int updated = db.update(what, "UPDATE " + table + " SET validity = ?, last_item = ?, updated_at = ?"
            + " WHERE tenant = ? AND adapter = ? AND source = ?",
        p -> p.bigint(position.validity()).bigint(position.last()).instant(now).string(t).string(adapter).string(source));
    if (updated == 0) {
      db.update(what, "INSERT INTO " + table + " (tenant, adapter, source, validity, last_item, updated_at)"
              + " VALUES (?, ?, ?, ?, ?, ?)",
          p -> p.string(t).string(adapter).string(source).bigint(position.validity()).bigint(position.last()).instant(now),
          () -> "the first poll position of adapter " + adapter + " was remembered concurrently");
    }
  }
}
