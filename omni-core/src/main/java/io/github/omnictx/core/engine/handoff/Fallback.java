package io.github.omnictx.core.engine.handoff;

import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.conversation.AgentId;
import io.github.omnictx.core.conversation.Conversation;
import io.github.omnictx.core.conversation.Participant;
import io.github.omnictx.core.engine.ConversationRows;
import io.github.omnictx.core.engine.routing.Dispatcher;
import io.github.omnictx.core.event.HandoffDeclined;
import io.github.omnictx.core.event.HandoffExpired;
import io.github.omnictx.core.event.OmniEvent;
import io.github.omnictx.core.handoff.Handoff;
import io.github.omnictx.core.handoff.HandoffOutcome;
import io.github.omnictx.core.handoff.HandoffStatus;
import io.github.omnictx.core.routing.Agent;
import io.github.omnictx.core.routing.Presence;
import io.github.omnictx.core.spi.StoreTransaction;
import io.github.omnictx.core.timeline.Touchpoint;
import io.github.omnictx.core.timeline.TouchpointId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A pending offer and how it ends without acceptance: the pending offer of a conversation, its
 * expiry when due, and the fallback owner that takes the conversation after a decline or an
 * expiry, with the messages held meanwhile. Every method runs inside the caller's unit of work. Not
 * API: may change in any release. Thread-safe (stateless apart from its configuration).
 *
 * <p>Lock order: a unit of work that writes a conversation and its handoff writes the conversation
 * row first and the handoff row after it (receiving a message, offering, accepting, declining,
 * expiring, releasing), so concurrent ones on a database wait for each other instead of
 * deadlocking.
 */
public final class Fallback {
  private final TenantId tenant;
  private final Participant defaultQueue;
  private final Dispatcher dispatcher;
  private final HandoffContexts contexts;

  /**
   * @param tenant the tenant
   * @param defaultQueue where a conversation goes when its fallback agent cannot take it
   * @param dispatcher routing
   * @param contexts builds the context packet of the outcome
   */
  public Fallback(TenantId tenant, Participant defaultQueue, Dispatcher dispatcher, HandoffContexts contexts) {
    this.tenant = tenant;
    this.defaultQueue = defaultQueue;
    this.dispatcher = dispatcher;
    this.contexts = contexts;
  }

  /**
   * @param tx the unit of work
   * @param c the conversation
   * @return its pending offer, if any
   */
  public static Optional<Handoff> pendingHandoff(StoreTransaction tx, Conversation c) {
    if (!c.handoffPending()) {
      return Optional.empty();
    }
    return tx.handoffs().findByConversation(c.id()).stream()
        .filter(h -> h.status() == HandoffStatus.OFFERED).findFirst();
  }

  /**
   * Expires the conversation's pending offer if its time has come.
   *
   * @param tx the unit of work
   * @param events where events are collected
   * @param c the conversation
   * @param now the time
   * @return the conversation as it is now
   */
  public Conversation expireIfDue(StoreTransaction tx, List<OmniEvent> events, Conversation c, Instant now) {
    Optional<Handoff> pending = pendingHandoff(tx, c);
    if (pending.isPresent() && !pending.get().expiresAt().isAfter(now)) {
      return fallback(tx, events, pending.get(), HandoffStatus.EXPIRED, now).conversation();
    }
    return c;
  }

  /**
   * Ends an offer without acceptance (declined or expired): the conversation goes to the fallback
   * owner with its held messages (to the default queue instead when the fallback is an agent who
   * no longer exists, is offline or has no room for it); a queue fallback is routed at once. An
   * agent fallback is an assignment like any other: capacity checked, the agent's row written
   * (version compare-and-set) and the agent remembered as the conversation's last agent.
   *
   * @param tx the unit of work
   * @param events where events are collected
   * @param h the offer
   * @param status {@link HandoffStatus#DECLINED} or {@link HandoffStatus#EXPIRED}
   * @param now the time
   * @return the outcome
   */
  public HandoffOutcome fallback(StoreTransaction tx, List<OmniEvent> events, Handoff h, HandoffStatus status,
      Instant now) {
    Conversation c = ConversationRows.load(tx, h.conversationId());
    Handoff ended = h.toBuilder().status(status).decidedAt(now).version(h.version() + 1).build();
    Participant fb = h.fallback();
    Optional<Agent> agent = Optional.empty();
    Optional<AgentId> fallbackAgent = fb.agentId();
    if (fallbackAgent.isPresent()) {
      agent = tx.agents().find(fallbackAgent.get()).filter(a -> a.presence() != Presence.OFFLINE)
          .filter(a -> !c.status().isActive() || dispatcher.hasRoom(tx, a, c));
      if (agent.isEmpty()) {
        fb = defaultQueue;
      }
    }
    int at = events.size();
    Conversation next;
    if (agent.isPresent() && c.status().isActive() && !c.owner().equals(fb)) {
      next = dispatcher.assignIn(tx, events, c, agent.get(), now, c.toBuilder().handoffPending(false));
    } else {
      Conversation.Builder b = c.toBuilder().handoffPending(false);
      if (c.status().isActive()) {
        b.owner(fb);
        if (fb.kind() == Participant.Kind.QUEUE) {
          // Back in the same queue keeps its place in line; a new queue starts now.
          b.queuedAt(fb.equals(c.owner()) ? c.queuedAt().orElse(now) : now);
        }
      }
      next = ConversationRows.save(tx, c, b, now);
    }
    // The conversation row first, then the handoff, as every unit of work writes them.
    tx.handoffs().update(ended, h.version());
    dispatcher.drain(tx, events, now);
    next = ConversationRows.load(tx, next.id());
    HandoffOutcome outcome = new HandoffOutcome(ended, next, contexts.context(tx, ended, next, now), held(tx, ended));
    events.add(at, status == HandoffStatus.DECLINED ? new HandoffDeclined(tenant, now, outcome)
        : new HandoffExpired(tenant, now, outcome));
    return outcome;
  }

  /**
   * @param tx the unit of work
   * @param h the handoff
   * @return the touchpoints held while the offer was pending, in arrival order
   */
  public static List<Touchpoint> held(StoreTransaction tx, Handoff h) {
    List<Touchpoint> out = new ArrayList<>();
    for (TouchpointId id : h.held()) {
      tx.touchpoints().find(id).ifPresent(out::add);
    }
    return out;
  }
}
