package io.github.omnictx.core.engine.handoff;

import io.github.omnictx.core.conversation.Conversation;
import io.github.omnictx.core.conversation.ConversationPolicy;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.engine.customer.MergeGroups;
import io.github.omnictx.core.handoff.CustomerCard;
import io.github.omnictx.core.handoff.Handoff;
import io.github.omnictx.core.handoff.HandoffContext;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.spi.StoreTransaction;
import io.github.omnictx.core.spi.TimelineSlice;
import io.github.omnictx.core.timeline.TimelineOrder;
import io.github.omnictx.core.timeline.Touchpoint;
import io.github.omnictx.core.timeline.TouchpointType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What the new owner of a conversation is handed: the context packet of a handoff and the
 * conversation's cross-channel transcript. Every method runs inside the caller's unit of work. Not
 * API: may change in any release. Thread-safe (stateless apart from its configuration).
 */
public final class HandoffContexts {
  private static final Set<TouchpointType> ACTIVITY_TYPES = Set.of(TouchpointType.PURCHASE,
      TouchpointType.CART_ABANDONED, TouchpointType.ORDER_STATUS, TouchpointType.STORE_VISIT, TouchpointType.RETURN);

  private final Function<CustomerId, Optional<Long>> balances;
  private final ConversationPolicy policy;

  /**
   * @param policy the tenant's conversation policy (transcript and recent activity limits)
   */
  public HandoffContexts(ConversationPolicy policy) {
    this(policy, c -> Optional.empty());
  }

  /**
   * @param policy the tenant's conversation policy
   * @param balances the loyalty balance of a live customer, empty without a loyalty system
   */
  public HandoffContexts(ConversationPolicy policy, Function<CustomerId, Optional<Long>> balances) {
    this.policy = policy;
    this.balances = balances;
  }

  /**
   * The newest touchpoints of a conversation, oldest first, read over its customer's merge group.
   *
   * @param tx the unit of work
   * @param c the conversation
   * @param limit the most touchpoints
   * @return the transcript
   */
  public static List<Touchpoint> transcript(StoreTransaction tx, Conversation c, int limit) {
    List<Touchpoint> rows = new ArrayList<>(tx.touchpoints().page(new TimelineSlice(
        MergeGroups.groupOf(tx, c.customerId()), Set.of(), Set.of(), Optional.of(c.id()), Optional.empty(),
        Optional.empty(), TimelineOrder.NEWEST_FIRST, Optional.empty(), limit)));
    Collections.reverse(rows);
    return rows;
  }

  /**
   * Builds the context packet for a handoff of a conversation.
   *
   * @param tx the unit of work
   * @param h the handoff
   * @param c the conversation
   * @param now when the packet is built
   * @return the packet
   */
  public HandoffContext context(StoreTransaction tx, Handoff h, Conversation c, Instant now) {
    Customer live = MergeGroups.live(tx, c.customerId());
    Set<CustomerId> group = MergeGroups.group(tx, live.id());
    Map<String, String> attrs = new TreeMap<>();
    for (String key : CustomerCard.CARD_ATTRIBUTES) {
      live.attribute(key).ifPresent(v -> attrs.put(key, v));
    }
    CustomerCard card = new CustomerCard(live.id(), live.attribute("name"),
        live.identities().stream().map(Identity::masked).toList(), live.consents(), attrs, balances.apply(live.id()));
    List<Touchpoint> recent = new ArrayList<>();
    if (policy.recentActivityLimit() > 0) {
      for (Touchpoint t : tx.touchpoints().page(new TimelineSlice(group, Set.of(), ACTIVITY_TYPES, Optional.empty(),
          Optional.empty(), Optional.empty(), TimelineOrder.NEWEST_FIRST, Optional.empty(),
          policy.recentActivityLimit() * 2))) {
        if (!t.conversationId().equals(Optional.of(c.id())) && recent.size() < policy.recentActivityLimit()) {
          recent.add(t);
        }
      }
    }
    return new HandoffContext(h.id(), c.id(), h.from(), h.to(), h.reason(), card, List.copyOf(c.channels()),
        transcript(tx, c, policy.transcriptLimit()), recent, h.collected(), h.notes(), now);
  }
}
