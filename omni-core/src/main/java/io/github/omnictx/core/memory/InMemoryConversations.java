package io.github.omnictx.core.memory;

import io.github.omnictx.core.ConcurrentUpdateException;
import io.github.omnictx.core.conversation.Conversation;
import io.github.omnictx.core.conversation.ConversationId;
import io.github.omnictx.core.conversation.ConversationStatus;
import io.github.omnictx.core.conversation.Participant;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.spi.ConversationRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Conversations in opening order; updates compare versions; the scheduler's queries scan them. */
final class InMemoryConversations implements ConversationRepository {
  private final InMemoryTransaction tx;
  private final TenantData d;
  private final UndoLog undo;

  InMemoryConversations(InMemoryTransaction tx) {
    this.tx = tx;
    this.d = tx.data();
    this.undo = tx.undo();
  }

  @Override
  public Optional<Conversation> find(ConversationId id) {
    tx.checkOpen();
    return Optional.ofNullable(d.conversations.get(id));
  }

  @Override
  public List<Conversation> findByCustomers(Collection<CustomerId> customers) {
    tx.checkOpen();
    List<Conversation> out = new ArrayList<>();
    for (Conversation c : d.conversations.values()) {
      if (customers.contains(c.customerId())) {
        out.add(c);
      }
    }
    out.sort(Comparator.comparing(Conversation::openedAt).thenComparing(Conversation::id).reversed());
    return out;
  }

  @Override
  public void insert(Conversation conversation) {
    tx.checkOpen();
    if (d.conversations.containsKey(conversation.id())) {
      throw new ConcurrentUpdateException("conversation " + conversation.id() + " already exists");
    }
    undo.put(d.conversations, conversation.id(), conversation);
  }

  @Override
  public void update(Conversation conversation, long expectedVersion) {
    tx.checkOpen();
    Conversation current = d.conversations.get(conversation.id());
    if (current == null) {
      throw new ConcurrentUpdateException("conversation " + conversation.id() + " does not exist");
    }
    if (current.version() != expectedVersion) {
      throw new ConcurrentUpdateException("conversation " + conversation.id() + " is at version "
          + current.version() + ", expected " + expectedVersion);
    }
    undo.put(d.conversations, conversation.id(), conversation);
  }

  @Override
  public List<Conversation> findQueued(int limit) {
    tx.checkOpen();
    return d.conversations.values().stream()
        .filter(c -> c.queuedAt().isPresent() && c.status() == ConversationStatus.OPEN)
        .sorted(Comparator.comparing((Conversation c) -> c.queuedAt().orElseThrow()).thenComparing(Conversation::id))
        .limit(limit).toList();
  }

  @Override
  public List<Conversation> findActiveByOwner(Participant owner) {
    tx.checkOpen();
    return d.conversations.values().stream()
        .filter(c -> c.owner().equals(owner) && c.status().isActive())
        .sorted(Comparator.comparing(Conversation::openedAt).thenComparing(Conversation::id))
        .toList();
  }

  @Override
  public List<Conversation> findSlaDue(Instant now, int limit) {
    tx.checkOpen();
    List<Map.Entry<Instant, Conversation>> due = new ArrayList<>();
    for (Conversation c : d.conversations.values()) {
      if (!c.status().isActive()) {
        continue;
      }
      Instant first = null;
      if (c.firstResponseAt().isEmpty() && !c.firstResponseBreached()
          && c.firstResponseDueAt().filter(t -> !t.isAfter(now)).isPresent()) {
        first = c.firstResponseDueAt().get();
      }
      if (!c.resolutionBreached() && c.resolutionDueAt().filter(t -> !t.isAfter(now)).isPresent()) {
        Instant r = c.resolutionDueAt().get();
        first = first == null || r.isBefore(first) ? r : first;
      }
      if (first != null) {
        due.add(Map.entry(first, c));
      }
    }
    due.sort(Map.Entry.<Instant, Conversation>comparingByKey()
        .thenComparing(e -> e.getValue().id()));
    return due.stream().limit(limit).map(Map.Entry::getValue).toList();
  }

  @Override
  public List<Conversation> findSnoozeDue(Instant now, int limit) {
    tx.checkOpen();
    return d.conversations.values().stream()
        .filter(c -> c.status() == ConversationStatus.SNOOZED
            && c.snoozedUntil().filter(t -> !t.isAfter(now)).isPresent())
        .sorted(Comparator.comparing((Conversation c) -> c.snoozedUntil().orElseThrow()).thenComparing(Conversation::id))
        .limit(limit).toList();
  }
}
