package io.github.omnictx.store.jdbc;

import io.github.omnictx.core.ConcurrentUpdateException;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.identity.MergeId;
import io.github.omnictx.core.identity.service.MergeRecord;
import io.github.omnictx.core.spi.MergeJournal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The merge journal in {@code <prefix>merges}: records kept whole as JSON, indexed by every
 * customer they name in {@code <prefix>merge_customers}. Reversing a merge is a conditional UPDATE
 * on "not reversed yet".
 */
final class JdbcMergeJournal implements MergeJournal {
  private final JdbcTransaction tx;
  private final Sql db;
  private final SqlText sql;
  private final JdbcDialect dialect;
  private final String t;

  JdbcMergeJournal(JdbcTransaction tx) {
    this.tx = tx;
    this.db = tx.db();
    this.sql = tx.statements();
    this.dialect = tx.dialect();
    this.t = tx.tenant().value();
  }

  @Override
  public void insert(MergeRecord record) {
    tx.checkOpen();
    tx.store().checkLength("merges.cause", record.cause());
    String what = "inserting merge " + record.id();
    db.update(what, sql.insertMerge, p -> p.string(t).id(record.id().value()).id(record.survivor().value())
        .instant(record.mergedAt()).instant(record.reversedAt().orElse(null)).string(record.cause())
        .string(CustomerJson.record(record)),
        () -> "merge " + record.id() + " already exists");
    db.batch(what, sql.insertMergeCustomer, record.customers(),
        (p, customer) -> p.string(t).id(customer.value()).id(record.id().value()), null);
  }

  @Override
  public Optional<MergeRecord> find(MergeId id) {
    tx.checkOpen();
    return db.first("reading merge " + id, sql.findMerge, p -> p.string(t).id(id.value()), this::mergeFrom);
  }

  private MergeRecord mergeFrom(ResultSet rs) throws SQLException {
    return CustomerJson.record(new MergeId(dialect.requiredId(rs, "id")), rs.getString("record"),
        Optional.ofNullable(dialect.instant(rs, "reversed_at")));
  }

  @Override
  public List<MergeRecord> findByCustomer(CustomerId customer) {
    tx.checkOpen();
    List<MergeRecord> out = db.list("listing merges of customer " + customer, sql.mergesOfCustomer,
        p -> p.string(t).id(customer.value()), this::mergeFrom);
    out.sort(MergeRecord.JOURNAL_ORDER); // the database orders ids its way; make it exactly ours
    return out;
  }

  @Override
  public void markReversed(MergeId id, Instant at) {
    tx.checkOpen();
    if (db.update("reversing merge " + id, sql.reverseMerge, p -> p.instant(at).string(t).id(id.value())) == 1) {
      return;
    }
    Optional<MergeRecord> current = find(id);
    if (current.isEmpty()) {
      throw new ConcurrentUpdateException("merge " + id + " does not exist");
    }
    throw new ConcurrentUpdateException("merge " + id + " was already reversed at " + current.get().reversedAt().orElse(null));
  }
}
