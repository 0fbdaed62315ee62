package io.github.omnictx.core.memory;

import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.spi.ClaimRequest;
import io.github.omnictx.core.spi.OutboxClaims;
import io.github.omnictx.core.spi.OutboxRow;
import io.github.omnictx.core.spi.OutboxStats;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The outbox of the whole in-memory store, shared by every tenant: committed rows with their lease.
 * Its own lock (this object's monitor) guards it, taken briefly by claims and by the units of work
 * that complete or reschedule rows; a unit of work's new rows join only when it commits, so a
 * claim never sees an uncommitted row. Leases are stamped by the store's lease clock (the system
 * clock unless the store was given another), never by the caller's.
 */
final class InMemoryOutbox implements OutboxClaims {
  /** A committed row and its lease. */
  record Held(OutboxRow row, @Nullable Instant leaseUntil, @Nullable String owner) {}

  private final Clock leaseClock;
  private final Map<UUID, Held> rows = new HashMap<>();

  InMemoryOutbox(Clock leaseClock) {
    this.leaseClock = leaseClock;
  }

  @Override
  public synchronized List<OutboxRow> claim(ClaimRequest request) {
    Instant now = leaseClock.instant();
    List<Held> due = new ArrayList<>();
    for (Held h : rows.values()) {
      if (!h.row().dueAt().isAfter(request.dueBy())
          && (h.leaseUntil() == null || !h.leaseUntil().isAfter(now))
          && (request.tenants().isEmpty() || request.tenants().contains(h.row().tenant()))) {
        due.add(h);
      }
    }
    due.sort(Comparator.comparing((Held h) -> h.row().dueAt()).thenComparing(h -> h.row().id()));
    List<OutboxRow> out = new ArrayList<>();
    Instant until = now.plusMillis(request.leaseMillis());
    for (Held h : due.subList(0, Math.min(due.size(), request.limit()))) {
      OutboxRow r = h.row();
      OutboxRow claimed = new OutboxRow(r.id(), r.tenant(), r.aggregateType(), r.aggregateId(), r.type(), r.payload(),
          r.createdAt(), r.dueAt(), r.version() + 1, r.attempts(), r.lastError());
      rows.put(r.id(), new Held(claimed, until, request.owner()));
      out.add(claimed);
    }
    return out;
  }

  @Override
  public synchronized OutboxStats stats(Instant now, Set<TenantId> tenants) {
    long due = 0;
    long later = 0;
    Instant oldest = null;
    for (Held h : rows.values()) {
      if (!tenants.isEmpty() && !tenants.contains(h.row().tenant())) {
        continue;
      }
      Instant at = h.row().dueAt();
      if (at.isAfter(now)) {
        later++;
      } else {
        due++;
        oldest = oldest == null || at.isBefore(oldest) ? at : oldest;
      }
    }
    return new OutboxStats(due, later, Optional.ofNullable(oldest));
  }

  /** Adds the rows of a unit of work that committed. */
  synchronized void publish(List<OutboxRow> committed) {
    committed.forEach(r -> rows.put(r.id(), new Held(r, null, null)));
  }

  /** The committed rows of one tenant whose aggregate id is one of the given. */
  synchronized List<Held> findByAggregate(TenantId tenant, Set<String> aggregateIds) {
    List<Held> out = new ArrayList<>();
    for (Held h : rows.values()) {
      if (h.row().tenant().equals(tenant) && aggregateIds.contains(h.row().aggregateId())) {
        out.add(h);
      }
    }
    return out;
  }

  synchronized Optional<Held> find(UUID id) {
    return Optional.ofNullable(rows.get(id));
  }

  /** Replaces (or, with {@code null}, removes) a row, answering what was there. */
  synchronized Optional<Held> replace(UUID id, @Nullable Held next) {
    return Optional.ofNullable(next == null ? rows.remove(id) : rows.put(id, next));
  }

  /**
   * Puts back what a rolled-back unit of work changed, unless a claim took the row since (then the
   * claim's state stands, as a database's row lock would have made it wait instead).
   *
   * @param previous the row before the change
   * @param written what the change left ({@code null} when it removed the row)
   */
  synchronized void restore(Held previous, @Nullable Held written) {
    if (rows.get(previous.row().id()) == written) {
      rows.put(previous.row().id(), previous);
    }
  }
}
