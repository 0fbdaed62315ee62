package io.github.omnictx.store.jdbc;

import io.github.omnictx.core.ConcurrentUpdateException;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.journey.JourneyRun;
import io.github.omnictx.core.journey.JourneyRunId;
import io.github.omnictx.core.spi.JourneyRunRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Journey runs in {@code <prefix>journey_runs}: one row per run, its context as JSON text. A unique
 * key on (tenant, journey, correlation key, sequence) decides between two units of work starting a
 * run for one key; changes are compare-and-set on the version.
 */
final class JdbcJourneyRuns implements JourneyRunRepository {
  private static final String COLUMNS = "id, journey, journey_version, customer_id, correlation_key, sequence_no, status,"
      + " step, waiting_until, started_at, updated_at, ended_at, reason, context, version";

  private final JdbcTransaction tx;
  private final Sql db;
  private final JdbcDialect dialect;
  private final String table;
  private final String t;

  JdbcJourneyRuns(JdbcTransaction tx) {
    this.tx = tx;
    this.db = tx.db();
    this.dialect = tx.dialect();
    this.table = tx.store().tablePrefix() + "journey_runs";
    this.t = tx.tenant().value();
  }

  @Override
  public void insert(JourneyRun r) {
    tx.checkOpen();
    tx.store().checkLength("journey_runs.correlation_key", r.correlationKey());
    String context = Json.payload(r.context());
    db.update("recording journey run " + r.id(), "INSERT INTO " + table + " (tenant, " + COLUMNS
        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        q -> q.string(t).id(r.id().value()).string(r.journey()).integer(r.journeyVersion()).id(r.customer().value())
            .string(r.correlationKey()).integer(r.sequence()).string(r.status().name()).integer(r.step())
            .instant(r.waitingUntil().orElse(null)).instant(r.startedAt()).instant(r.updatedAt())
            .instant(r.endedAt().orElse(null)).string(r.reason().orElse(null)).string(context).bigint(r.version()),
        () -> "journey run " + r.id() + " or run " + r.sequence() + " of " + r.journey() + " for " + r.correlationKey()
            + " was recorded concurrently");
  }

  private JourneyRun run(ResultSet rs) throws SQLException {
    Optional<Instant> waiting = Optional.ofNullable(dialect.instant(rs, "waiting_until"));
    Optional<Instant> ended = Optional.ofNullable(dialect.instant(rs, "ended_at"));
    return new JourneyRun(new JourneyRunId(Objects.requireNonNull(dialect.id(rs, "id"))), rs.getString("journey"),
        rs.getInt("journey_version"), new CustomerId(Objects.requireNonNull(dialect.id(rs, "customer_id"))),
        rs.getString("correlation_key"), rs.getInt("sequence_no"), JourneyRun.Status.valueOf(rs.getString("status")),
        rs.getInt("step"), waiting, Objects.requireNonNull(dialect.instant(rs, "started_at")),
        Objects.requireNonNull(dialect.instant(rs, "updated_at")), ended, Optional.ofNullable(rs.getString("reason")),
        Json.read(rs.getString("context")), rs.getLong("version"));
  }

  @Override
  public Optional<JourneyRun> find(JourneyRunId id) {
    tx.checkOpen();
    return db.first("reading journey run " + id, "SELECT " + COLUMNS + " FROM " + table + " WHERE tenant = ? AND id = ?",
        q -> q.string(t).id(id.value()), this::run);
  }

  @Override
  public Optional<JourneyRun> findLatest(String journey, String correlationKey) {
    tx.checkOpen();
    if (correlationKey.length() > tx.store().maxLength("journey_runs.correlation_key")) {
      return Optional.empty();
    }
    return db.first("reading the latest run of journey " + journey, "SELECT " + COLUMNS + " FROM " + table
        + " WHERE tenant = ? AND journey = ? AND correlation_key = ? ORDER BY sequence_no DESC LIMIT 1",
        q -> q.string(t).string(journey).string(correlationKey), this::run);
  }

  @Override
  public List<JourneyRun> findActive(Collection<CustomerId> customers) {
    tx.checkOpen();
    return byCustomers(customers, "AND status = 'ACTIVE' ORDER BY started_at, id", 0);
  }

  @Override
  public List<JourneyRun> findByCustomers(Collection<CustomerId> customers, int limit) {
    tx.checkOpen();
    Sql.limit(limit);
    return byCustomers(customers, "ORDER BY started_at DESC, id DESC LIMIT ?", limit);
  }

  private List<JourneyRun> byCustomers(Collection<CustomerId> customers, String rest, int limit) {
    List<CustomerId> list = new ArrayList<>(customers);
    if (list.isEmpty()) {
      return List.of();
    }
    return db.list("reading journey runs", "SELECT " + COLUMNS + " FROM " + table + " WHERE tenant = ? AND customer_id IN ("
        + Sql.placeholders(list.size()) + ") " + rest, q -> {
          q.string(t);
          for (CustomerId c : list) {
            q.id(c.value());
          }
          if (limit > 0) {
            q.integer(limit);
          }
        }, this::run);
  }

  @Override
  public void update(JourneyRun r, long expectedVersion) {
    tx.checkOpen();
    String context = Json.payload(r.context());
    int changed = db.update("updating journey run " + r.id(), "UPDATE " + table + " SET status = ?, step = ?,"
        + " waiting_until = ?, updated_at = ?, ended_at = ?, reason = ?, context = ?, version = ?"
        + " WHERE tenant = ? AND id = ? AND version = ?",
        q -> q.string(r.status().name()).integer(r.step()).instant(r.waitingUntil().orElse(null))
            .instant(r.updatedAt()).instant(r.endedAt().orElse(null)).string(r.reason().orElse(null)).string(context)
            .bigint(r.version()).string(t).id(r.id().value()).bigint(expectedVersion));
    if (changed != 1) {
      Optional<Long> current = find(r.id()).map(JourneyRun::version);
      throw SqlErrors.staleVersion("journey run", r.id(), current, expectedVersion);
    }
  }

  @Override
  public int deleteByCustomers(Collection<CustomerId> customers) {
    tx.checkOpen();
    List<CustomerId> list = new ArrayList<>(customers);
    if (list.isEmpty()) {
      return 0;
    }
    return db.update("erasing journey runs", "DELETE FROM " + table + " WHERE tenant = ? AND customer_id IN ("
        + Sql.placeholders(list.size()) + ")", q -> {
          q.string(t);
          for (CustomerId c : list) {
            q.id(c.value());
          }
        });
  }
}
