package io.github.omnictx.core.memory;

import io.github.omnictx.core.ConcurrentUpdateException;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.identity.MergeId;
import io.github.omnictx.core.identity.service.MergeRecord;
import io.github.omnictx.core.spi.MergeJournal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The merge journal: records by id; a customer's merges found by scanning them. */
final class InMemoryMergeJournal implements MergeJournal {
  private final InMemoryTransaction tx;
  private final TenantData d;
  private final UndoLog undo;

  InMemoryMergeJournal(InMemoryTransaction tx) {
    this.tx = tx;
    this.d = tx.data();
    this.undo = tx.undo();
  }

  @Override
  public void insert(MergeRecord record) {
    tx.checkOpen();
    if (d.merges.containsKey(record.id())) {
      throw new ConcurrentUpdateException("merge " + record.id() + " already exists");
    }
    undo.put(d.merges, record.id(), record);
  }

  @Override
  public Optional<MergeRecord> find(MergeId id) {
    tx.checkOpen();
    return Optional.ofNullable(d.merges.get(id));
  }

  @Override
  public List<MergeRecord> findByCustomer(CustomerId customer) {
    tx.checkOpen();
    List<MergeRecord> out = new ArrayList<>();
    for (MergeRecord r : d.merges.values()) {
      if (r.involves(customer)) {
        out.add(r);
      }
    }
    out.sort(MergeRecord.JOURNAL_ORDER);
    return out;
  }

  @Override
  public void markReversed(MergeId id, Instant at) {
    tx.checkOpen();
    MergeRecord current = d.merges.get(id);
    if (current == null) {
      throw new ConcurrentUpdateException("merge " + id + " does not exist");
    }
    if (!current.inForce()) {
      throw new ConcurrentUpdateException("merge " + id + " was already reversed at " + current.reversedAt().get());
    }
    undo.put(d.merges, id, current.reversed(at));
  }
}
