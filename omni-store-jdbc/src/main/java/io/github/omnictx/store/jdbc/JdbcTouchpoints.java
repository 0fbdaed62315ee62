package io.github.omnictx.store.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.omnictx.core.ConcurrentUpdateException;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.conversation.ConversationId;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.spi.ChannelActivity;
import io.github.omnictx.core.spi.TimelineSlice;
import io.github.omnictx.core.spi.TouchpointRepository;
import io.github.omnictx.core.timeline.DeliveryStatus;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.timeline.TimelineOrder;
import io.github.omnictx.core.timeline.TimelinePosition;
import io.github.omnictx.core.timeline.Touchpoint;
import io.github.omnictx.core.timeline.TouchpointId;
import io.github.omnictx.core.timeline.TouchpointType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The timeline in {@code <prefix>touchpoints}. Appends are idempotent by a unique key on (tenant,
 * channel, external id) and go in JDBC batches of the store's batch size; the per-row update counts
 * tell new rows from duplicates, and rows a driver does not report on are looked up. Timeline pages
 * are keyset pages, read in one statement however many customers they span.
 */
final class JdbcTouchpoints implements TouchpointRepository {
  private final JdbcTransaction tx;
  private final Sql db;
  private final SqlText sql;
  private final JdbcDialect dialect;
  private final String t;

  JdbcTouchpoints(JdbcTransaction tx) {
    this.tx = tx;
    this.db = tx.db();
    this.sql = tx.statements();
    this.dialect = tx.dialect();
    this.t = tx.tenant().value();
  }

  private static String externalKey(ChannelId channel, String externalId) {
    return channel.value() + '\u0000' + externalId;
  }

  @Override
  public Appended append(Touchpoint touchpoint) {
    return appendAll(List.of(touchpoint)).get(0);
  }

  @Override
  public List<Appended> appendAll(List<Touchpoint> touchpoints) {
    tx.checkOpen();
    int n = touchpoints.size();
    Appended[] out = new Appended[n];
    if (n == 0) {
      return List.of();
    }
    JdbcStore store = tx.store();
    store.checkLength("touchpoints.tenant", t);
    // A later duplicate of an earlier row in the same list is answered from the earlier one; only
    // the first of each (channel, external id) goes to the database.
    int[] sameAs = new int[n];
    Arrays.fill(sameAs, -1);
    Map<String, Integer> firstByKey = new HashMap<>();
    List<Integer> send = new ArrayList<>(n);
    String[] payloads = new String[n];
    for (int i = 0; i < n; i++) {
      Touchpoint tp = touchpoints.get(i);
      Optional<String> ext = tp.externalId();
      if (ext.isPresent()) {
        Integer first = firstByKey.putIfAbsent(externalKey(tp.channel(), ext.get()), i);
        if (first != null) {
          sameAs[i] = first;
          continue;
        }
        store.checkLength("touchpoints.external_id", ext.get());
      }
      store.checkLength("touchpoints.channel", tp.channel().value());
      store.checkLength("touchpoints.type", tp.type().value());
      payloads[i] = Json.payload(tp.payload());
      send.add(i);
    }
    String what = "appending touchpoints";
    db.run(what, () -> {
      tx.beginWrite();
      int batch = store.batchSize();
      for (int from = 0; from < send.size(); from += batch) {
        appendChunk(what, touchpoints, payloads, send.subList(from, Math.min(send.size(), from + batch)), out);
      }
    });
    for (int i = 0; i < n; i++) {
      if (sameAs[i] >= 0) {
        out[i] = new Appended(out[sameAs[i]].touchpoint(), false);
      }
    }
    return Arrays.asList(out);
  }

  private void bindTouchpoint(Sql.Params p, Touchpoint tp, String payload) throws SQLException {
    p.string(t).id(tp.id().value()).id(tp.customerId().value()).string(tp.channel().value())
        .string(tp.type().value()).string(tp.direction().name()).instant(tp.occurredAt()).instant(tp.recordedAt())
        .id(tp.conversationId().map(ConversationId::value).orElse(null)).string(tp.externalId().orElse(null))
        .string(payload).string(tp.status().map(Enum::name).orElse(null));
  }

  private void appendChunk(String what, List<Touchpoint> all, String[] payloads, List<Integer> chunk, Appended[] out)
      throws SQLException {
    boolean anyExternal = false;
    for (int i : chunk) {
      anyExternal |= all.get(i).externalId().isPresent();
    }
    Sql.RowBinder<Integer> row = (p, i) -> bindTouchpoint(p, all.get(i), payloads[i]);
    // Where a failed statement does not doom the transaction (H2, MariaDB) a unique violation on
    // the provider id is how a duplicate shows; a savepoint lets us redo the chunk row by row then.
    // On PostgreSQL a bulk chunk first goes as plain INSERTs behind a savepoint (ON CONFLICT's
    // speculative insertion costs a lock and an extra WAL record per row), and only a chunk that
    // meets a duplicate is sent again with ON CONFLICT DO NOTHING.
    Connection c = tx.connection();
    boolean aborts = dialect.statementErrorAbortsTransaction();
    boolean optimistic = aborts && anyExternal && chunk.size() >= 8;
    Savepoint savepoint = optimistic || (anyExternal && !aborts) ? c.setSavepoint() : null;
    int[] counts;
    try {
      counts = db.execute(optimistic ? sql.insertTouchpoint : sql.appendTouchpoint, chunk, row);
    } catch (SQLException e) {
      if (savepoint == null || !SqlErrors.isUniqueViolation(e)) {
        throw e;
      }
      c.rollback(savepoint);
      // A chunk that meets a stored row is most often a retry of a batch that committed, every row
      // stored: one look-up answers those, and only the rest is sent again (row by row only where
      // the rest meets a row stored since, by a concurrent writer). Without it an all-duplicate retry
      // cost one statement per row on H2 and MariaDB.
      Map<String, Touchpoint> stored = byExternalIds(what, rows(all, chunk));
      List<Integer> rest = new ArrayList<>(chunk.size());
      for (int i : chunk) {
        Touchpoint tp = all.get(i);
        Touchpoint holder = tp.externalId().map(x -> stored.get(externalKey(tp.channel(), x))).orElse(null);
        if (holder == null) {
          rest.add(i);
        } else {
          out[i] = new Appended(holder, false);
        }
      }
      chunk = rest;
      if (chunk.isEmpty()) {
        c.releaseSavepoint(savepoint);
        return;
      }
      counts = aborts ? db.execute(sql.appendTouchpoint, chunk, row) : rest(chunk, row, c);
    }
    if (savepoint != null) {
      c.releaseSavepoint(savepoint);
    }
    List<Integer> unresolved = new ArrayList<>();
    for (int k = 0; k < chunk.size(); k++) {
      int i = chunk.get(k);
      Touchpoint tp = all.get(i);
      if (counts[k] > 0 || (counts[k] == Statement.SUCCESS_NO_INFO && tp.externalId().isEmpty())) {
        out[i] = new Appended(tp, true);
      } else {
        unresolved.add(i);
      }
    }
    if (unresolved.isEmpty()) {
      return;
    }
    // Rows the database skipped (or did not report on): whoever holds their provider id now is
    // either this very row (inserted) or the earlier delivery (a duplicate).
    List<Touchpoint> keys = new ArrayList<>();
    for (int i : unresolved) {
      keys.add(all.get(i));
    }
    Map<String, Touchpoint> stored = byExternalIds(what, keys);
    for (int i : unresolved) {
      Touchpoint tp = all.get(i);
      Touchpoint holder = tp.externalId().map(x -> stored.get(externalKey(tp.channel(), x))).orElse(null);
      if (holder == null) {
        throw new ConcurrentUpdateException("touchpoint " + tp.id() + " was not written: its id is taken");
      }
      out[i] = holder.id().equals(tp.id()) ? new Appended(tp, true) : new Appended(holder, false);
    }
  }

  private static List<Touchpoint> rows(List<Touchpoint> all, List<Integer> chunk) {
    List<Touchpoint> out = new ArrayList<>(chunk.size());
    for (int i : chunk) {
      out.add(all.get(i));
    }
    return out;
  }

  /** The rows not stored yet, as one batch; row by row when one of them was stored meanwhile. */
  private int[] rest(List<Integer> chunk, Sql.RowBinder<Integer> row, Connection c) throws SQLException {
    Savepoint again = c.setSavepoint();
    try {
      int[] counts = db.execute(sql.appendTouchpoint, chunk, row);
      c.releaseSavepoint(again);
      return counts;
    } catch (SQLException e) {
      if (!SqlErrors.isUniqueViolation(e)) {
        throw e;
      }
      c.rollback(again);
      c.releaseSavepoint(again);
      // the look-up after the chunk decides for a row refused: a duplicate, or an id that is taken
      return db.executeEach(sql.appendTouchpoint, chunk, row);
    }
  }

  private Map<String, Touchpoint> byExternalIds(String what, List<Touchpoint> keys) {
    Map<String, Touchpoint> out = new HashMap<>();
    List<Touchpoint> withExt = new ArrayList<>();
    for (Touchpoint tp : keys) {
      if (tp.externalId().isPresent()) {
        withExt.add(tp);
      }
    }
    for (int from = 0; from < withExt.size(); from += Sql.LOOKUP_CHUNK) {
      List<Touchpoint> chunk = withExt.subList(from, Math.min(withExt.size(), from + Sql.LOOKUP_CHUNK));
      StringBuilder q = new StringBuilder(sql.touchpointsByExternalId);
      for (int i = 0; i < chunk.size(); i++) {
        q.append(i == 0 ? "" : " OR ").append("(channel = ? AND external_id = ?)");
      }
      q.append(')');
      for (Touchpoint found : db.list(what, q.toString(), p -> {
        p.string(t);
        for (Touchpoint tp : chunk) {
          p.string(tp.channel().value()).string(tp.externalId().orElseThrow());
        }
      }, this::touchpointFrom)) {
        out.put(externalKey(found.channel(), found.externalId().orElseThrow()), found);
      }
    }
    return out;
  }

  private Touchpoint touchpointFrom(ResultSet rs) throws SQLException {
    UUID conversation = dialect.id(rs, "conversation_id");
    String status = rs.getString("status");
    return Touchpoint.builder()
        .id(new TouchpointId(dialect.requiredId(rs, "id")))
        .customerId(new CustomerId(dialect.requiredId(rs, "customer_id")))
        .channel(Values.channel(rs.getString("channel")))
        .type(Values.type(rs.getString("type")))
        .direction(Direction.valueOf(rs.getString("direction")))
        .occurredAt(dialect.requiredInstant(rs, "occurred_at"))
        .recordedAt(dialect.requiredInstant(rs, "recorded_at"))
        .conversationId(conversation == null ? null : new ConversationId(conversation))
        .externalId(rs.getString("external_id"))
        .payload(Json.read(rs.getString("payload")))
        .status(status == null ? null : DeliveryStatus.valueOf(status))
        .build();
  }

  @Override
  public Optional<Touchpoint> find(TouchpointId id) {
    tx.checkOpen();
    return db.first("reading touchpoint " + id, sql.findTouchpoint, p -> p.string(t).id(id.value()),
        this::touchpointFrom);
  }

  @Override
  public Optional<Touchpoint> findByExternalId(ChannelId channel, String externalId) {
    tx.checkOpen();
    Touchpoint probe;
    try {
      probe = Touchpoint.builder().id(new TouchpointId(new UUID(0, 0))).customerId(new CustomerId(new UUID(0, 0)))
          .channel(channel).type(TouchpointType.MESSAGE).direction(Direction.INBOUND).occurredAt(Instant.EPOCH)
          .externalId(externalId).build();
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // not a storable external id, so none is stored under it
    }
    return Optional.ofNullable(byExternalIds("reading touchpoint " + channel + "/" + externalId, List.of(probe))
        .get(externalKey(channel, externalId)));
  }

  @Override
  public List<Touchpoint> page(TimelineSlice slice) {
    return page(slice, false);
  }

  /**
   * One statement: the page, guarded by "the customer is live and nobody is merged into it", both
   * checked by the database in the same read (uncorrelated sub-queries, evaluated once).
   */
  @Override
  public Optional<List<Touchpoint>> pageIfAlone(TimelineSlice slice) {
    if (slice.customers().size() != 1) {
      return Optional.empty();
    }
    List<Touchpoint> rows = page(slice, true);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows);
  }

  private List<Touchpoint> page(TimelineSlice slice, boolean alone) {
    tx.checkOpen();
    boolean newest = slice.order() == TimelineOrder.NEWEST_FIRST;
    String direction = newest ? " DESC" : " ASC";
    String orderBy = " ORDER BY occurred_at" + direction + ", id" + direction + " LIMIT ?";
    StringBuilder filters = new StringBuilder();
    if (!slice.channels().isEmpty()) {
      filters.append(" AND channel IN (").append(Sql.placeholders(slice.channels().size())).append(')');
    }
    if (!slice.types().isEmpty()) {
      filters.append(" AND type IN (").append(Sql.placeholders(slice.types().size())).append(')');
    }
    if (slice.conversation().isPresent()) {
      filters.append(" AND conversation_id = ?");
    }
    if (slice.from().isPresent()) {
      filters.append(" AND occurred_at >= ?");
    }
    if (slice.until().isPresent()) {
      filters.append(" AND occurred_at < ?");
    }
    if (slice.after().isPresent()) {
      filters.append(" AND ").append(dialect.keysetAfter(newest));
    }
    if (alone) {
      filters.append(" AND EXISTS (SELECT 1 FROM ").append(sql.customers)
          .append(" c WHERE c.tenant = ? AND c.id = ? AND c.merged_into IS NULL AND c.erased_at IS NULL)")
          .append(" AND NOT EXISTS (SELECT 1 FROM ").append(sql.customers)
          .append(" m WHERE m.tenant = ? AND m.merged_into = ?)");
    }
    String one = "SELECT " + SqlText.TOUCHPOINT_COLUMNS + " FROM " + sql.touchpoints
        + " WHERE tenant = ? AND customer_id = ?" + filters + orderBy;
    List<CustomerId> customers = new ArrayList<>(slice.customers());
    String query;
    if (customers.size() == 1) {
      query = one;
    } else {
      // Each customer's newest N from its own index range, then the newest N of those: no sort of
      // anyone's whole history, however long.
      StringBuilder u = new StringBuilder("SELECT * FROM (");
      for (int i = 0; i < customers.size(); i++) {
        u.append(i == 0 ? "" : " UNION ALL ").append('(').append(one).append(')');
      }
      u.append(") merged").append(orderBy);
      query = u.toString();
    }
    return db.list("reading a timeline page", query, p -> {
      for (CustomerId customer : customers) {
        p.string(t).id(customer.value());
        for (ChannelId ch : slice.channels()) {
          p.string(ch.value());
        }
        for (TouchpointType type : slice.types()) {
          p.string(type.value());
        }
        if (slice.conversation().isPresent()) {
          p.id(slice.conversation().get().value());
        }
        if (slice.from().isPresent()) {
          p.instant(slice.from().get());
        }
        if (slice.until().isPresent()) {
          p.instant(slice.until().get());
        }
        if (slice.after().isPresent()) {
          TimelinePosition after = slice.after().get();
          p.instant(after.occurredAt());
          if (dialect.keysetParameters() == 3) {
            p.instant(after.occurredAt());
          }
          p.id(after.id().value());
        }
        if (alone) {
          p.string(t).id(customer.value()).string(t).id(customer.value());
        }
        p.integer(slice.limit());
      }
      if (customers.size() > 1) {
        p.integer(slice.limit());
      }
    }, this::touchpointFrom);
  }

  @Override
  public boolean updateStatus(TouchpointId id, @Nullable DeliveryStatus expected, DeliveryStatus next) {
    tx.checkOpen();
    return db.update("updating the status of touchpoint " + id,
        expected == null ? sql.updateStatusFromNone : sql.updateStatus, p -> {
          p.string(next.name()).string(t).id(id.value());
          if (expected != null) {
            p.string(expected.name());
          }
        }) == 1;
  }

  /**
   * Reads the payload with a row lock ({@code FOR UPDATE}, which every dialect has), compares it as
   * a tree, and writes the new one: a concurrent replacement waits for this unit of work and then
   * sees the new payload, so it cannot overwrite an edit it never read.
   */
  @Override
  public boolean replacePayload(TouchpointId id, JsonNode expected, JsonNode next) {
    tx.checkOpen();
    String what = "replacing the payload of touchpoint " + id;
    Optional<JsonNode> current = db.first(what, "SELECT payload FROM " + sql.touchpoints
        + " WHERE tenant = ? AND id = ? FOR UPDATE", p -> p.string(t).id(id.value()),
        rs -> Json.read(rs.getString("payload")));
    if (current.isEmpty() || !current.get().equals(expected)) {
      return false;
    }
    String text = Json.payload(next);
    return db.update(what, "UPDATE " + sql.touchpoints + " SET payload = " + dialect.jsonParameter()
        + " WHERE tenant = ? AND id = ?", p -> p.string(text).string(t).id(id.value())) == 1;
  }

  @Override
  public boolean markSent(TouchpointId id, String externalId, @Nullable DeliveryStatus expected, DeliveryStatus next) {
    tx.checkOpen();
    tx.store().checkLength("touchpoints.external_id", externalId);
    return db.update("recording the provider id of touchpoint " + id, "UPDATE " + sql.touchpoints
        + " SET external_id = ?, status = ? WHERE tenant = ? AND id = ? AND external_id IS NULL AND "
        + (expected == null ? "status IS NULL" : "status = ?"), p -> {
          p.string(externalId).string(next.name()).string(t).id(id.value());
          if (expected != null) {
            p.string(expected.name());
          }
        }, () -> "provider id " + externalId + " is held by another touchpoint of its channel") == 1;
  }

  /**
   * One aggregate over the customers' index ranges since {@code scanFrom}: counts and latest times
   * per channel, no touchpoint read out.
   */
  @Override
  public Map<ChannelId, ChannelActivity> activity(Collection<CustomerId> customers, Instant scanFrom, Instant countFrom) {
    tx.checkOpen();
    List<CustomerId> list = new ArrayList<>(customers);
    String inbound = "direction = 'INBOUND' AND type = 'message'";
    String q = "SELECT channel, SUM(CASE WHEN " + inbound + " AND occurred_at >= ? THEN 1 ELSE 0 END) AS reply_count, "
        + "SUM(CASE WHEN status = 'READ' AND occurred_at >= ? THEN 1 ELSE 0 END) AS read_count, "
        + "MAX(CASE WHEN " + inbound + " THEN occurred_at END) AS last_inbound, "
        + "MAX(CASE WHEN type = 'purchase' THEN occurred_at END) AS last_purchase FROM " + sql.touchpoints
        + " WHERE tenant = ? AND customer_id IN (" + Sql.placeholders(list.size()) + ") AND occurred_at >= ?"
        + " GROUP BY channel";
    Map<ChannelId, ChannelActivity> out = new HashMap<>();
    db.query("aggregating a customer's activity", q, p -> {
      p.instant(countFrom).instant(countFrom).string(t);
      for (CustomerId c : list) {
        p.id(c.value());
      }
      p.instant(scanFrom);
    }, rs -> {
      while (rs.next()) {
        out.put(Values.channel(rs.getString("channel")), new ChannelActivity(rs.getLong("reply_count"), rs.getLong("read_count"),
            Optional.ofNullable(dialect.instant(rs, "last_inbound")),
            Optional.ofNullable(dialect.instant(rs, "last_purchase"))));
      }
      return out;
    });
    return out;
  }
}
