package io.github.omnictx.store.jdbc;

import io.github.omnictx.core.ConcurrentUpdateException;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.outbound.DecisionId;
import io.github.omnictx.core.outbound.OutboundDecision;
import io.github.omnictx.core.outbound.OutboundProgress;
import io.github.omnictx.core.spi.OutboundRepository;
import io.github.omnictx.core.timeline.TouchpointId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Outbound decisions in {@code <prefix>outbound_decisions}: each kept whole as JSON beside the
 * columns its queries use, with its progress in columns of its own. A unique key on (tenant, dedup
 * key) decides between two units of work deciding for one key; the progress is compare-and-set on
 * its version.
 */
final class JdbcOutbound implements OutboundRepository {
  private static final String PROGRESS = "id, step, state, touchpoint_id, last_error, updated_at, version";

  private final JdbcTransaction tx;
  private final Sql db;
  private final JdbcDialect dialect;
  private final String table;
  private final String t;

  JdbcOutbound(JdbcTransaction tx) {
    this.tx = tx;
    this.db = tx.db();
    this.dialect = tx.dialect();
    this.table = tx.store().tablePrefix() + "outbound_decisions";
    this.t = tx.tenant().value();
  }

  @Override
  public void insert(OutboundDecision d, OutboundProgress p) {
    tx.checkOpen();
    tx.store().checkLength("outbound_decisions.dedup_key", d.dedupKey());
    String json = OutboundJson.decision(d);
    db.update("recording outbound decision " + d.id(), "INSERT INTO " + table + " (tenant, id, customer_id, dedup_key, "
        + "purpose, outcome, channel, due_at, decided_at, decision, step, state, touchpoint_id, last_error, updated_at, "
        + "version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        q -> q.string(t).id(d.id().value()).id(d.customer().value()).string(d.dedupKey()).string(d.purpose().name())
            .string(d.outcome().name()).string(d.channel().map(ChannelId::value).orElse(null))
            .instant(d.dueAt().orElse(null)).instant(d.decidedAt()).string(json).integer(p.step())
            .string(p.state().name()).id(p.touchpoint().map(TouchpointId::value).orElse(null))
            .string(p.lastError().orElse(null)).instant(p.updatedAt()).bigint(p.version()),
        () -> "outbound decision " + d.id() + " or dedup key " + d.dedupKey() + " was recorded concurrently");
  }

  private Optional<OutboundDecision> one(String where, Sql.Binder more) {
    return db.first("reading an outbound decision", "SELECT decision FROM " + table + " WHERE tenant = ? AND " + where,
        q -> more.bind(q.string(t)), rs -> OutboundJson.decision(rs.getString(1)));
  }

  @Override
  public Optional<OutboundDecision> find(DecisionId id) {
    tx.checkOpen();
    return one("id = ?", q -> q.id(id.value()));
  }

  @Override
  public Optional<OutboundDecision> findByDedupKey(String dedupKey) {
    tx.checkOpen();
    if (dedupKey.length() > tx.store().maxLength("outbound_decisions.dedup_key")) {
      return Optional.empty();
    }
    return one("dedup_key = ?", q -> q.string(dedupKey));
  }

  @Override
  public List<OutboundDecision> findByCustomers(Collection<CustomerId> customers, int limit) {
    tx.checkOpen();
    Sql.limit(limit);
    List<CustomerId> list = new ArrayList<>(customers);
    return db.list("reading outbound decisions", "SELECT decision FROM " + table + " WHERE tenant = ? AND customer_id IN ("
        + Sql.placeholders(list.size()) + ") ORDER BY decided_at DESC, id DESC LIMIT ?", q -> {
          q.string(t);
          for (CustomerId c : list) {
            q.id(c.value());
          }
          q.integer(limit);
        }, rs -> OutboundJson.decision(rs.getString(1)));
  }

  @Override
  public Optional<OutboundProgress> findProgress(DecisionId id) {
    tx.checkOpen();
    return db.first("reading the progress of outbound decision " + id, "SELECT " + PROGRESS + " FROM " + table
        + " WHERE tenant = ? AND id = ?", q -> q.string(t).id(id.value()), this::progress);
  }

  private OutboundProgress progress(ResultSet rs) throws SQLException {
    UUID tp = dialect.id(rs, "touchpoint_id");
    return new OutboundProgress(new DecisionId(dialect.requiredId(rs, "id")), rs.getInt("step"),
        OutboundProgress.State.valueOf(rs.getString("state")), Optional.ofNullable(tp).map(TouchpointId::new),
        Optional.ofNullable(rs.getString("last_error")), dialect.requiredInstant(rs, "updated_at"), rs.getLong("version"));
  }

  @Override
  public void updateProgress(OutboundProgress p, long expectedVersion) {
    tx.checkOpen();
    int changed = db.update("updating the progress of outbound decision " + p.decision(), "UPDATE " + table
        + " SET step = ?, state = ?, touchpoint_id = ?, last_error = ?, updated_at = ?, version = ?"
        + " WHERE tenant = ? AND id = ? AND version = ?",
        q -> q.integer(p.step()).string(p.state().name()).id(p.touchpoint().map(TouchpointId::value).orElse(null))
            .string(p.lastError().orElse(null)).instant(p.updatedAt()).bigint(p.version()).string(t)
            .id(p.decision().value()).bigint(expectedVersion));
    if (changed != 1) {
      Optional<Long> current = findProgress(p.decision()).map(OutboundProgress::version);
      if (current.isEmpty()) {
        throw new ConcurrentUpdateException("outbound decision " + p.decision() + " does not exist");
      }
      throw SqlErrors.staleVersion("progress of outbound decision", p.decision(), current, expectedVersion);
    }
  }

  @Override
  public Map<ChannelId, Integer> countSending(Collection<CustomerId> customers, Purpose purpose, Instant from,
      Instant until) {
    tx.checkOpen();
    List<CustomerId> list = new ArrayList<>(customers);
    Map<ChannelId, Integer> out = new HashMap<>();
    db.query("counting outbound decisions", "SELECT channel, COUNT(*) FROM " + table + " WHERE tenant = ? AND customer_id IN ("
        + Sql.placeholders(list.size()) + ") AND purpose = ? AND due_at >= ? AND due_at < ?"
        + " AND outcome IN ('QUEUED', 'DEFERRED') GROUP BY channel", q -> {
          q.string(t);
          for (CustomerId c : list) {
            q.id(c.value());
          }
          q.string(purpose.name()).instant(from).instant(until);
        }, rs -> {
          while (rs.next()) {
            out.put(Values.channel(rs.getString(1)), rs.getInt(2));
          }
          return out;
        });
    return out;
  }
}
