package io.github.omnictx.core.memory;

import io.github.omnictx.core.ConcurrentUpdateException;
import io.github.omnictx.core.conversation.ConversationId;
import io.github.omnictx.core.handoff.Handoff;
import io.github.omnictx.core.handoff.HandoffId;
import io.github.omnictx.core.handoff.HandoffStatus;
import io.github.omnictx.core.spi.HandoffRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Handoffs in offering order; updates compare versions, so one accept of two wins. */
final class InMemoryHandoffs implements HandoffRepository {
  private final InMemoryTransaction tx;
  private final TenantData d;
  private final UndoLog undo;

  InMemoryHandoffs(InMemoryTransaction tx) {
    this.tx = tx;
    this.d = tx.data();
    this.undo = tx.undo();
  }

  @Override
  public Optional<Handoff> find(HandoffId id) {
    tx.checkOpen();
    return Optional.ofNullable(d.handoffs.get(id));
  }

  @Override
  public List<Handoff> findByConversation(ConversationId conversation) {
    tx.checkOpen();
    List<Handoff> out = new ArrayList<>();
    for (Handoff h : d.handoffs.values()) {
      if (h.conversationId().equals(conversation)) {
        out.add(h);
      }
    }
    out.sort(Comparator.comparing(Handoff::offeredAt).thenComparing(Handoff::id).reversed());
    return out;
  }

  @Override
  public List<Handoff> findExpiring(Instant now, int limit) {
    tx.checkOpen();
    return d.handoffs.values().stream()
        .filter(h -> h.status() == HandoffStatus.OFFERED && !h.expiresAt().isAfter(now))
        .sorted(Comparator.comparing(Handoff::expiresAt).thenComparing(Handoff::id))
        .limit(limit).toList();
  }

  @Override
  public void insert(Handoff handoff) {
    tx.checkOpen();
    if (d.handoffs.containsKey(handoff.id())) {
      throw new ConcurrentUpdateException("handoff " + handoff.id() + " already exists");
    }
    undo.put(d.handoffs, handoff.id(), handoff);
  }

  @Override
  public void update(Handoff handoff, long expectedVersion) {
    tx.checkOpen();
    Handoff current = d.handoffs.get(handoff.id());
    if (current == null) {
      throw new ConcurrentUpdateException("handoff " + handoff.id() + " does not exist");
    }
    if (current.version() != expectedVersion) {
      throw new ConcurrentUpdateException("handoff " + handoff.id() + " is at version " + current.version()
          + ", expected " + expectedVersion);
    }
    undo.put(d.handoffs, handoff.id(), handoff);
  }
}
