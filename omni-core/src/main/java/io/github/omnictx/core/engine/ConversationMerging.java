package io.github.omnictx.core.engine;

import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.conversation.Conversation;
import io.github.omnictx.core.conversation.ConversationMerge;
import io.github.omnictx.core.conversation.ConversationStatus;
import io.github.omnictx.core.conversation.Participant;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.event.ConversationJoined;
import io.github.omnictx.core.event.ConversationStatusChanged;
import io.github.omnictx.core.event.OmniEvent;
import io.github.omnictx.core.handoff.Handoff;
import io.github.omnictx.core.handoff.HandoffStatus;
import io.github.omnictx.core.identity.MergeId;
import io.github.omnictx.core.spi.StoreTransaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One conversation after a merge. When a merge joins customers who each have an active
 * conversation, one survives: the one an agent owns over one a bot or a queue owns, then one with
 * a pending handoff, then the earlier opened (then the lower id). Every other active conversation
 * is folded into it: closed, remembering the survivor, the merge and its status
 * ({@link ConversationMerge}); its channels join the survivor and its touchpoints read as part of
 * the survivor's transcript. A pending handoff of a folded conversation is withdrawn, with the
 * reason in its notes; the survivor's is kept. Reversing the merge restores each folded
 * conversation to its status. Runs inside the merge's unit of work, called by identity
 * resolution; here beside {@link ConversationRows} because identities sit below conversations.
 * Not API: may change in any release. Thread-safe (stateless).
 */
public final class ConversationMerging {
  /** Which conversation survives, first in this order. */
  public static final Comparator<Conversation> SURVIVOR_ORDER = Comparator
      .comparing((Conversation c) -> c.owner().kind() != Participant.Kind.AGENT)
      .thenComparing(c -> !c.handoffPending())
      .thenComparing(Conversation::openedAt)
      .thenComparing(Conversation::id);

  private ConversationMerging() {}

  /**
   * Folds the active conversations of merged customers into one.
   *
   * @param tx the merge's unit of work
   * @param events where events are collected
   * @param tenant the tenant
   * @param customers every customer of the merged group
   * @param merge the merge
   * @param now the merge's time
   * @throws io.github.omnictx.core.ConcurrentUpdateException if a conversation changed since it was read
   */
  public static void join(StoreTransaction tx, List<OmniEvent> events, TenantId tenant,
      Collection<CustomerId> customers, MergeId merge, Instant now) {
    List<Conversation> active = new ArrayList<>(tx.conversations().findByCustomers(customers).stream()
        .filter(c -> c.status().isActive()).toList());
    if (active.size() < 2) {
      return;
    }
    active.sort(SURVIVOR_ORDER);
    Conversation survivor = active.get(0);
    Conversation.Builder grown = survivor.toBuilder();
    List<Handoff> withdrawn = new ArrayList<>();
    // Conversation rows first, then handoffs, as every unit of work writes them.
    for (Conversation other : active.subList(1, active.size())) {
      other.channels().forEach(grown::channel);
      if (other.handoffPending()) {
        tx.handoffs().findByConversation(other.id()).stream().filter(h -> h.status() == HandoffStatus.OFFERED)
            .findFirst().ifPresent(withdrawn::add);
      }
      Conversation closed = ConversationRows.save(tx, other, other.toBuilder().status(ConversationStatus.CLOSED)
          .snoozedUntil(null).handoffPending(false)
          .merged(new ConversationMerge(survivor.id(), merge, other.status())), now);
      events.add(new ConversationStatusChanged(tenant, now, closed, other.status()));
    }
    Conversation next = ConversationRows.save(tx, survivor, grown, now);
    for (ChannelId ch : next.channels()) {
      if (!survivor.channels().contains(ch)) {
        events.add(new ConversationJoined(tenant, now, next, ch));
      }
    }
    for (Handoff h : withdrawn) {
      List<String> notes = new ArrayList<>(h.notes());
      notes.add("withdrawn: the customers merged and this conversation joined " + survivor.id() + ", owned by "
          + next.owner());
      tx.handoffs().update(h.toBuilder().status(HandoffStatus.WITHDRAWN).decidedAt(now)
          .details(Handoff.details(h.collected(), notes)).version(h.version() + 1).build(), h.version());
    }
  }

  /**
   * Restores the conversations a merge folded, each to the status it had.
   *
   * @param tx the unmerge's unit of work
   * @param events where events are collected
   * @param tenant the tenant
   * @param customers the survivor and the customers the merge absorbed
   * @param merge the merge being reversed
   * @param now the unmerge's time
   * @throws io.github.omnictx.core.ConcurrentUpdateException if a conversation changed since it was read
   */
  public static void restore(StoreTransaction tx, List<OmniEvent> events, TenantId tenant,
      Collection<CustomerId> customers, MergeId merge, Instant now) {
    for (Conversation c : tx.conversations().findByCustomers(customers)) {
      Optional<ConversationMerge> m = c.merged().filter(x -> x.merge().equals(merge));
      if (m.isPresent()) {
        // A snoozed conversation's wake-up time was dropped with the fold: it comes back open.
        ConversationStatus back = m.get().statusBefore() == ConversationStatus.SNOOZED ? ConversationStatus.OPEN
            : m.get().statusBefore();
        Conversation restored = ConversationRows.save(tx, c, c.toBuilder().status(back).merged(null), now);
        events.add(new ConversationStatusChanged(tenant, now, restored, c.status()));
      }
    }
  }
}
