package io.github.omnictx.core.memory;

import io.github.omnictx.core.ConcurrentUpdateException;
import io.github.omnictx.core.spi.OutboxRepository;
import io.github.omnictx.core.spi.OutboxRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One unit of work's view of the store's outbox, for its tenant: new rows wait here until commit;
 * completing and rescheduling change the shared outbox at once (fenced by version), with an undo
 * step that puts the row back if the unit of work rolls back.
 */
final class InMemoryOutboxRows implements OutboxRepository {
  private final InMemoryTransaction tx;
  private final InMemoryOutbox outbox;
  private final UndoLog undo;
  private final List<OutboxRow> staged = new ArrayList<>();

  InMemoryOutboxRows(InMemoryTransaction tx, InMemoryOutbox outbox) {
    this.tx = tx;
    this.outbox = outbox;
    this.undo = tx.undo();
  }

  /** @return the rows written in this unit of work, to publish at commit */
  List<OutboxRow> staged() {
    return staged;
  }

  @Override
  public void enqueue(OutboxRow row) {
    tx.checkOpen();
    if (!row.tenant().equals(tx.tenant())) {
      throw new IllegalArgumentException("outbox row of tenant " + row.tenant() + " in a unit of work of " + tx.tenant());
    }
    if (outbox.find(row.id()).isPresent() || staged.stream().anyMatch(r -> r.id().equals(row.id()))) {
      throw new ConcurrentUpdateException("outbox row " + row.id() + " already exists");
    }
    staged.add(row);
  }

  @Override
  public Optional<OutboxRow> find(UUID id) {
    tx.checkOpen();
    Optional<OutboxRow> mine = staged.stream().filter(r -> r.id().equals(id)).findFirst();
    if (mine.isPresent()) {
      return mine;
    }
    return outbox.find(id).map(InMemoryOutbox.Held::row).filter(r -> r.tenant().equals(tx.tenant()));
  }

  @Override
  public boolean complete(UUID id, long claimedVersion) {
    tx.checkOpen();
    return change(id, claimedVersion, null);
  }

  @Override
  public boolean reschedule(UUID id, long claimedVersion, Instant dueAt, String lastError) {
    tx.checkOpen();
    Optional<InMemoryOutbox.Held> held = outbox.find(id);
    if (held.isEmpty()) {
      return false;
    }
    OutboxRow r = held.get().row();
    OutboxRow next = new OutboxRow(r.id(), r.tenant(), r.aggregateType(), r.aggregateId(), r.type(), r.payload(),
        r.createdAt(), dueAt, r.version(), r.attempts() + 1, Optional.of(lastError));
    return change(id, claimedVersion, new InMemoryOutbox.Held(next, null, null));
  }

  private boolean change(UUID id, long claimedVersion, InMemoryOutbox.@Nullable Held next) {
    synchronized (outbox) {
      Optional<InMemoryOutbox.Held> held = outbox.find(id);
      if (held.isEmpty() || !held.get().row().tenant().equals(tx.tenant())
          || held.get().row().version() != claimedVersion) {
        return false;
      }
      InMemoryOutbox.Held previous = held.get();
      outbox.replace(id, next);
      undo.onUndo(() -> outbox.restore(previous, next));
      return true;
    }
  }
}
