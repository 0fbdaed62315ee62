package io.github.omnictx.core.memory;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.MergeId;
import io.github.omnictx.core.identity.service.MergeRecord;
import io.github.omnictx.core.outbound.DecisionId;
import io.github.omnictx.core.outbound.OutboundDecision;
import io.github.omnictx.core.privacy.ErasureReceipt;
import io.github.omnictx.core.spi.PrivacyRepository;
import io.github.omnictx.core.timeline.Touchpoint;
import io.github.omnictx.core.timeline.TouchpointType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;

/**
 * Privacy on the in-memory store: erased customers leave the customer map (their touchpoints stay,
 * blanked, under their id), receipts and tombstones in maps of their own. Every change goes through
 * the unit of work's undo log.
 */
final class InMemoryPrivacy implements PrivacyRepository {
  private final InMemoryTransaction tx;
  private final TenantData d;
  private final UndoLog undo;
  private final InMemoryTouchpoints touchpoints;
  private final InMemoryOutbox outbox;

  InMemoryPrivacy(InMemoryTransaction tx, InMemoryTouchpoints touchpoints, InMemoryOutbox outbox) {
    this.tx = tx;
    this.d = tx.data();
    this.undo = tx.undo();
    this.touchpoints = touchpoints;
    this.outbox = outbox;
  }

  @Override
  public int eraseCustomers(Collection<CustomerId> group, Instant at) {
    tx.checkOpen();
    int n = 0;
    for (CustomerId id : group) {
      Customer c = d.customers.get(id);
      if (c == null) {
        continue;
      }
      for (Identity i : c.identities()) {
        if (id.equals(d.identityIndex.get(i))) {
          undo.remove(d.identityIndex, i);
        }
      }
      undo.remove(d.customers, id);
      n++;
    }
    return n;
  }

  @Override
  public int eraseTouchpoints(Collection<CustomerId> group, Instant at) {
    tx.checkOpen();
    int n = 0;
    for (CustomerId id : group) {
      NavigableSet<Touchpoint> set = d.byCustomer.get(id);
      if (set == null) {
        continue;
      }
      for (Touchpoint t : new ArrayList<>(set)) {
        t.externalId().ifPresent(e -> undo.remove(d.externalIndex, InMemoryTouchpoints.externalKey(t.channel(), e)));
        touchpoints.replace(t, t.toBuilder().externalId(null).payload(JsonNodeFactory.instance.objectNode()).build());
        n++;
      }
    }
    return n;
  }

  @Override
  public int eraseMerges(Collection<CustomerId> group) {
    tx.checkOpen();
    Set<CustomerId> ids = new HashSet<>(group);
    List<MergeId> doomed = new ArrayList<>();
    for (MergeRecord r : d.merges.values()) {
      if (r.customers().stream().anyMatch(ids::contains)) {
        doomed.add(r.id());
      }
    }
    doomed.forEach(id -> undo.remove(d.merges, id));
    return doomed.size();
  }

  @Override
  public int eraseOutbound(Collection<CustomerId> group) {
    tx.checkOpen();
    Set<CustomerId> ids = new HashSet<>(group);
    List<OutboundDecision> doomed = new ArrayList<>();
    for (OutboundDecision decision : d.decisions.values()) {
      if (ids.contains(decision.customer())) {
        doomed.add(decision);
      }
    }
    for (OutboundDecision decision : doomed) {
      DecisionId id = decision.id();
      undo.remove(d.decisions, id);
      undo.remove(d.decisionsByKey, decision.dedupKey());
      undo.remove(d.progress, id);
    }
    return doomed.size();
  }

  @Override
  public int eraseOutbox(Collection<CustomerId> group) {
    tx.checkOpen();
    Set<String> ids = new LinkedHashSet<>();
    group.forEach(c -> ids.add(c.toString()));
    int n = 0;
    synchronized (outbox) {
      for (InMemoryOutbox.Held h : outbox.findByAggregate(tx.tenant(), ids)) {
        outbox.replace(h.row().id(), null);
        undo.onUndo(() -> outbox.restore(h, null));
        n++;
      }
    }
    return n;
  }

  @Override
  public void recordErasure(ErasureReceipt receipt) {
    tx.checkOpen();
    undo.put(d.erasuresByRequest, receipt.requestId(), receipt);
    for (CustomerId id : receipt.customers()) {
      undo.put(d.erasures, id, receipt);
    }
  }

  @Override
  public Optional<ErasureReceipt> findErasure(String requestId) {
    tx.checkOpen();
    return Optional.ofNullable(d.erasuresByRequest.get(requestId));
  }

  @Override
  public Optional<ErasureReceipt> findErasureOf(CustomerId customer) {
    tx.checkOpen();
    return Optional.ofNullable(d.erasures.get(customer));
  }

  @Override
  public void addTombstones(Collection<String> digests, Instant at) {
    tx.checkOpen();
    for (String digest : digests) {
      if (!d.tombstones.containsKey(digest)) {
        undo.put(d.tombstones, digest, at);
      }
    }
  }

  @Override
  public Set<String> findTombstones(Collection<String> digests) {
    tx.checkOpen();
    Set<String> out = new LinkedHashSet<>();
    for (String digest : digests) {
      if (d.tombstones.containsKey(digest)) {
        out.add(digest);
      }
    }
    return out;
  }

  @Override
  public boolean liftTombstone(String digest) {
    tx.checkOpen();
    if (!d.tombstones.containsKey(digest)) {
      return false;
    }
    undo.remove(d.tombstones, digest);
    return true;
  }

  @Override
  public int purgeBodies(ChannelId channel, TouchpointType type, Instant before, Instant at) {
    tx.checkOpen();
    List<Touchpoint> due = new ArrayList<>();
    for (Touchpoint t : d.touchpoints.values()) {
      if (t.channel().equals(channel) && t.type().equals(type) && t.occurredAt().isBefore(before)
          && !t.payload().isEmpty()) {
        due.add(t);
      }
    }
    due.forEach(t -> touchpoints.replace(t, t.toBuilder().payload(JsonNodeFactory.instance.objectNode()).build()));
    return due.size();
  }
}
