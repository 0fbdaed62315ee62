package io.github.omnictx.store.jdbc;

import io.github.omnictx.core.OmniException;
import io.github.omnictx.core.StoreException;
import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.spi.ClaimRequest;
import io.github.omnictx.core.spi.OutboxClaims;
import io.github.omnictx.core.spi.OutboxRow;
import io.github.omnictx.core.spi.OutboxStats;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Claims on {@code <prefix>outbox} across tenants, each in a short transaction of its own. The
 * lease is stamped by the database's clock ({@link JdbcDialect#leaseUntil()}), and so is the check
 * that a lease ran out; only the due time is compared with the caller's (Omni's) clock.
 *
 * <p>PostgreSQL claims in one statement: an {@code UPDATE ... RETURNING} over a {@code SELECT ...
 * FOR UPDATE SKIP LOCKED} of the oldest due rows. MariaDB 10.6+ selects with {@code FOR UPDATE SKIP
 * LOCKED} and updates the rows it locked. Where rows cannot be skipped (H2, MariaDB 10.5), a claim
 * reads candidates without locks and takes each with an {@code UPDATE} conditional on its version
 * and lease: the row lock serialises racing claims, and the second one's update matches nothing,
 * so it never returns a row the first took. Thread-safe.
 */
final class JdbcOutboxClaims implements OutboxClaims {
  private final DataSource dataSource;
  private final JdbcDialect dialect;
  private final String table;
  private final boolean skipLocked;

  JdbcOutboxClaims(DataSource dataSource, JdbcDialect dialect, String prefix, boolean skipLocked) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.table = prefix + "outbox";
    this.skipLocked = skipLocked;
  }

  /** Work on one connection in one transaction. */
  @FunctionalInterface
  private interface Work<T> {
    T run(Sql db) throws SQLException;
  }

  private <T> T inTransaction(String what, Work<T> work) {
    Connection c;
    try {
      c = dataSource.getConnection();
    } catch (SQLException e) {
      throw new StoreException("could not get a database connection for " + what + ": " + e.getMessage(), e);
    }
    int isolation = -1;
    boolean began = false;
    try {
      if (!c.getAutoCommit()) {
        throw new StoreException("the connection is already in a transaction; give JdbcStore a DataSource whose "
            + "connections are in autocommit");
      }
      if (dialect.forcesReadCommitted() && c.getTransactionIsolation() != Connection.TRANSACTION_READ_COMMITTED) {
        isolation = c.getTransactionIsolation();
        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      }
      c.setAutoCommit(false);
      began = true;
      T result = work.run(new Sql(c, dialect, () -> { }));
      c.commit();
      return result;
    } catch (SQLException e) {
      rollback(c, began, e);
      throw SqlErrors.map(e, what);
    } catch (OmniException | Error e) {
      rollback(c, began, e);
      throw e;
    } finally {
      try {
        if (began) {
          c.setAutoCommit(true);
        }
        if (isolation >= 0) {
          c.setTransactionIsolation(isolation);
        }
      } catch (SQLException ignored) {
        // A broken connection: the pool discards it.
      }
      try {
        c.close();
      } catch (SQLException ignored) {
        // nothing more to do
      }
    }
  }

  private static void rollback(Connection c, boolean began, Throwable cause) {
    if (!began) {
      return;
    }
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private static String tenantFilter(Set<TenantId> tenants) {
    return tenants.isEmpty() ? "" : " AND tenant IN (" + Sql.placeholders(tenants.size()) + ")";
  }

  private static void bindTenants(Sql.Params q, Set<TenantId> tenants) throws SQLException {
    for (TenantId t : tenants) {
      q.string(t.value());
    }
  }

  @Override
  public List<OutboxRow> claim(ClaimRequest r) {
    String due = " FROM " + table + " WHERE due_at <= ? AND (lease_until IS NULL OR lease_until <= "
        + dialect.databaseNow() + ")" + tenantFilter(r.tenants());
    List<OutboxRow> rows = inTransaction("claiming outbox rows", db -> {
      if (skipLocked && dialect == JdbcDialect.POSTGRESQL) {
        return db.list("claiming outbox rows", "UPDATE " + table + " o SET lease_until = " + dialect.leaseUntil()
            + ", lease_owner = ?, version = o.version + 1 FROM (SELECT id" + due
            + " ORDER BY due_at LIMIT ? FOR UPDATE SKIP LOCKED) c WHERE o.id = c.id RETURNING "
            + OutboxRows.COLUMNS.replaceAll("(\\w+)", "o.$1"), q -> {
              q.bigint(r.leaseMillis()).string(r.owner()).instant(r.dueBy());
              bindTenants(q, r.tenants());
              q.integer(r.limit());
            }, rs -> OutboxRows.read(rs, dialect, 0));
      }
      List<OutboxRow> candidates = db.list("claiming outbox rows", "SELECT " + OutboxRows.COLUMNS + due
          + " ORDER BY due_at, id LIMIT ?" + (skipLocked ? " FOR UPDATE SKIP LOCKED" : ""), q -> {
            q.instant(r.dueBy());
            bindTenants(q, r.tenants());
            q.integer(r.limit());
          }, rs -> OutboxRows.read(rs, dialect, 1));
      if (candidates.isEmpty()) {
        return candidates;
      }
      String take = "UPDATE " + table + " SET lease_until = " + dialect.leaseUntil() + ", lease_owner = ?, "
          + "version = version + 1 WHERE id = ?" + (skipLocked ? ""
          : " AND version = ? AND (lease_until IS NULL OR lease_until <= " + dialect.databaseNow() + ")");
      int[] counts = db.batch("claiming outbox rows", take, candidates, (q, row) -> {
        q.bigint(r.leaseMillis()).string(r.owner()).id(row.id());
        if (!skipLocked) {
          q.bigint(row.version() - 1);
        }
      }, null);
      if (skipLocked) {
        return candidates; // locked by this transaction: every update took its row
      }
      List<OutboxRow> taken = new ArrayList<>();
      for (int i = 0; i < candidates.size(); i++) {
        if (counts[i] > 0) {
          taken.add(candidates.get(i));
        }
      }
      return taken;
    });
    List<OutboxRow> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparing(OutboxRow::dueAt).thenComparing(OutboxRow::id, JdbcOutboxClaims::compareIds));
    return sorted;
  }

  private static int compareIds(UUID a, UUID b) {
    return io.github.omnictx.core.internal.Uuids.UNSIGNED.compare(a, b);
  }

  @Override
  public OutboxStats stats(Instant now, Set<TenantId> tenants) {
    String where = tenants.isEmpty() ? "" : " WHERE tenant IN (" + Sql.placeholders(tenants.size()) + ")";
    return inTransaction("counting outbox rows", db -> db.query("counting outbox rows",
        "SELECT SUM(CASE WHEN due_at <= ? THEN 1 ELSE 0 END) AS due, SUM(CASE WHEN due_at > ? THEN 1 ELSE 0 END) AS later, "
            + "MIN(CASE WHEN due_at <= ? THEN due_at END) AS oldest FROM " + table + where, q -> {
              q.instant(now).instant(now).instant(now);
              bindTenants(q, tenants);
            }, rs -> {
              rs.next();
              return new OutboxStats(rs.getLong("due"), rs.getLong("later"),
                  Optional.ofNullable(dialect.instant(rs, "oldest")));
            }));
  }
}
