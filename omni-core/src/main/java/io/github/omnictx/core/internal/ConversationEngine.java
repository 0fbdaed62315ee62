package io.github.omnictx.core.internal;

import io.github.omnictx.core.ConcurrentUpdateException;
import io.github.omnictx.core.NotFoundException;
import io.github.omnictx.core.channel.Channel;
import io.github.omnictx.core.channel.ChannelKind;
import io.github.omnictx.core.conversation.Conversation;
import io.github.omnictx.core.conversation.ConversationId;
import io.github.omnictx.core.conversation.ConversationPolicy;
import io.github.omnictx.core.conversation.Participant;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.event.ConversationAssigned;
import io.github.omnictx.core.event.HandoffDeclined;
import io.github.omnictx.core.event.HandoffExpired;
import io.github.omnictx.core.event.HandoffReleased;
import io.github.omnictx.core.event.OmniEvent;
import io.github.omnictx.core.handoff.CustomerCard;
import io.github.omnictx.core.handoff.Handoff;
import io.github.omnictx.core.handoff.HandoffConflictException;
import io.github.omnictx.core.handoff.HandoffContext;
import io.github.omnictx.core.handoff.HandoffOutcome;
import io.github.omnictx.core.handoff.HandoffStatus;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.routing.Agent;
import io.github.omnictx.core.routing.AgentUnavailableException;
import io.github.omnictx.core.routing.Candidate;
import io.github.omnictx.core.routing.Presence;
import io.github.omnictx.core.routing.Router;
import io.github.omnictx.core.routing.RoutingRequest;
import io.github.omnictx.core.spi.StoreTransaction;
import io.github.omnictx.core.spi.TimelineSlice;
import io.github.omnictx.core.timeline.TimelineOrder;
import io.github.omnictx.core.timeline.Touchpoint;
import io.github.omnictx.core.timeline.TouchpointId;
import io.github.omnictx.core.timeline.TouchpointType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The conversation, handoff and routing logic shared by {@link ConversationsImpl}, {@link
 * HandoffsImpl} and {@link AgentsImpl}; every method runs inside the caller's unit of work. Not
 * API. Thread-safe (stateless apart from its configuration).
 *
 * <p>Lock order: a unit of work that writes a conversation and its handoff writes the conversation
 * row first and the handoff row after it (receiving a message, offering, accepting, declining,
 * expiring, releasing), so concurrent ones on a database wait for each other instead of
 * deadlocking.
 */
public final class ConversationEngine {
  /** The most queued conversations one routing pass looks at. */
  static final int QUEUE_SCAN = 1000;
  /** The most due records one scheduler call processes. */
  static final int DUE_BATCH = 500;
  private static final int ATTEMPTS = 10;
  private static final Logger LOG = LoggerFactory.getLogger(ConversationEngine.class);
  private static final Set<TouchpointType> ACTIVITY_TYPES = Set.of(TouchpointType.PURCHASE,
      TouchpointType.CART_ABANDONED, TouchpointType.ORDER_STATUS, TouchpointType.STORE_VISIT, TouchpointType.RETURN);

  final TenantContext ctx;
  final ConversationPolicy policy;
  final Router router;

  /**
   * @param ctx the tenant context
   * @param policy the tenant's conversation policy
   * @param router the router
   */
  public ConversationEngine(TenantContext ctx, ConversationPolicy policy, Router router) {
    this.ctx = ctx;
    this.policy = policy;
    this.router = router;
  }

  /**
   * Runs a unit of work again when it lost an optimistic-locking race (never when a handoff was
   * taken by someone else: that is the answer).
   */
  <T> T retrying(Supplier<T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return work.get();
      } catch (HandoffConflictException e) {
        throw e;
      } catch (ConcurrentUpdateException e) {
        if (attempt >= ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /**
   * Runs a scheduler job's work for each due record in a unit of work of its own (re-run when it
   * loses a race), so that one conflict or one record that cannot be processed neither rolls back
   * nor blocks the others: a record whose work still fails is logged and skipped (the next run
   * tries it again). Only when every record failed is the first failure thrown, so that an outage
   * of the store reaches the scheduler.
   *
   * @param due the due records' ids, in processing order
   * @param what what the work does, for the log
   * @param work the work for one record: its result, or empty when the record is no longer due
   * @return the results, in processing order
   */
  <I, T> List<T> eachDue(List<I> due, String what, java.util.function.Function<I, Optional<T>> work) {
    List<T> out = new ArrayList<>();
    RuntimeException first = null;
    int failed = 0;
    for (I id : due) {
      try {
        retrying(() -> work.apply(id)).ifPresent(out::add);
      } catch (RuntimeException e) {
        LOG.warn("could not {} {} for tenant {}; skipped until the next run", what, id, ctx.tenant(), e);
        failed++;
        if (first == null) {
          first = e;
        }
      }
    }
    if (first != null && failed == due.size()) {
      throw first;
    }
    return out;
  }

  ChannelKind kind(Conversation c) {
    Channel ch = ctx.channels().get(c.lastChannel());
    return ch == null ? ChannelKind.ASYNC_TEXT : ch.kind();
  }

  Conversation load(StoreTransaction tx, ConversationId id) {
    return tx.conversations().find(id).orElseThrow(() -> new NotFoundException("conversation", id.toString()));
  }

  Agent agent(StoreTransaction tx, String agentId) {
    return tx.agents().find(agentId).orElseThrow(() -> new NotFoundException("agent", agentId));
  }

  /** Writes a changed conversation at the next version, never moving updatedAt back. */
  Conversation save(StoreTransaction tx, Conversation current, Conversation.Builder change, Instant now) {
    Instant at = now.isBefore(current.updatedAt()) ? current.updatedAt() : now;
    Conversation next = change.updatedAt(at).version(current.version() + 1).build();
    tx.conversations().update(next, current.version());
    return next;
  }

  /** The agent's active conversations counted by channel kind. */
  Map<ChannelKind, Integer> load(StoreTransaction tx, String agentId) {
    Map<ChannelKind, Integer> out = new EnumMap<>(ChannelKind.class);
    for (Conversation c : tx.conversations().findActiveByOwner(Participant.agent(agentId))) {
      out.merge(kind(c), 1, Integer::sum);
    }
    return out;
  }

  /** Throws unless the agent has room for the conversation (one it owns already always fits). */
  void checkCapacity(StoreTransaction tx, Agent agent, Conversation c) {
    if (!hasRoom(tx, agent, c)) {
      ChannelKind kind = kind(c);
      int load = load(tx, agent.id()).getOrDefault(kind, 0);
      throw new AgentUnavailableException(agent.id(), "agent " + agent.id() + " has no free capacity for "
          + kind + ": holds " + load + " of " + agent.capacity(kind));
    }
  }

  /** Whether the agent has room for the conversation (one it owns already always fits). */
  boolean hasRoom(StoreTransaction tx, Agent agent, Conversation c) {
    if (c.owner().equals(agent.participant()) && c.status().isActive()) {
      return true;
    }
    ChannelKind kind = kind(c);
    return load(tx, agent.id()).getOrDefault(kind, 0) < agent.capacity(kind);
  }

  /**
   * After a conversation may have moved to another channel kind (a chat customer calls): if its
   * agent now holds more of the new kind than their capacity, the conversation goes back to the
   * default queue (a sticky router gives it back to the agent as soon as they have room). Capacity
   * is never exceeded, not even by a channel switch. When the kind changed the queue is routed
   * either way: the agent's slot of the old kind is free now, and a queued conversation of the new
   * kind may fit an agent it did not fit before; otherwise work would wait while an agent has room.
   * When the kind changed, the owning agent's row is written at its next version (as {@link
   * #assignIn} does) before their load is counted: a concurrent assignment to the same agent then
   * conflicts with this unit of work instead of both committing and exceeding capacity on a store
   * whose reads do not serialise (READ COMMITTED).
   *
   * @param previousKind the conversation's channel kind before the change
   * @return the conversation as it is now
   */
  Conversation keepWithinCapacity(StoreTransaction tx, List<OmniEvent> events, Conversation c,
      ChannelKind previousKind, Instant now) {
    if (!c.status().isActive()) {
      return c;
    }
    ChannelKind kind = kind(c);
    Optional<Agent> agent = c.owner().kind() == Participant.Kind.AGENT ? tx.agents().find(c.owner().id())
        : Optional.empty();
    if (agent.isPresent() && kind != previousKind) {
      Agent a = agent.get();
      tx.agents().update(a.toBuilder().version(a.version() + 1).build(), a.version());
    }
    if (agent.isPresent() && load(tx, c.owner().id()).getOrDefault(kind, 0) > agent.get().capacity(kind)) {
      save(tx, c, c.toBuilder().owner(policy.defaultQueue()).queuedAt(now), now);
    } else if (kind == previousKind) {
      return c;
    }
    drain(tx, events, now);
    return load(tx, c.id());
  }

  /**
   * Takes a conversation from the agent who owns it and gives it to a bot or a queue (queued now);
   * the agent's accepted handoff of it becomes released. Does not route.
   *
   * @return the conversation as written
   */
  Conversation releaseIn(StoreTransaction tx, List<OmniEvent> events, Conversation c, String agentId, Participant to,
      Instant now) {
    Conversation next = save(tx, c, c.toBuilder().owner(to).queuedAt(now), now);
    for (Handoff h : tx.handoffs().findByConversation(c.id())) {
      if (h.status() == HandoffStatus.ACCEPTED && h.acceptedBy().equals(Optional.of(agentId))) {
        tx.handoffs().update(h.toBuilder().status(HandoffStatus.RELEASED).releasedAt(now).version(h.version() + 1)
            .build(), h.version());
        break;
      }
    }
    events.add(new HandoffReleased(ctx.tenant(), now, next, Participant.agent(agentId)));
    return next;
  }

  /**
   * An agent went offline: each active conversation they own goes back to the default queue
   * (their accepted handoffs of it become released) and the queue is routed. A conversation with a
   * pending offer stays until the offer is decided; its fallback then passes over the offline agent.
   */
  void agentWentOffline(StoreTransaction tx, List<OmniEvent> events, String agentId, Instant now) {
    for (Conversation c : tx.conversations().findActiveByOwner(Participant.agent(agentId))) {
      if (!c.handoffPending()) {
        releaseIn(tx, events, c, agentId, policy.defaultQueue(), now);
      }
    }
    drain(tx, events, now);
  }

  /** Gives a conversation to an agent; records the assignment on the agent (version CAS). */
  Conversation assignIn(StoreTransaction tx, List<OmniEvent> events, Conversation c, Agent agent, Instant now,
      Conversation.Builder change) {
    Conversation next = save(tx, c, change.owner(agent.participant()).queuedAt(null).handoffPending(false)
        .lastAgent(agent.id(), now), now);
    Agent current = tx.agents().find(agent.id()).orElse(agent);
    tx.agents().update(current.toBuilder().lastAssignedAt(now).version(current.version() + 1).build(),
        current.version());
    events.add(new ConversationAssigned(ctx.tenant(), now, next, c.owner()));
    return next;
  }

  private static boolean eligible(Agent a, Conversation c) {
    return a.presence() == Presence.AVAILABLE && a.skills().containsAll(c.skills())
        && c.language().map(a.languages()::contains).orElse(true);
  }

  /**
   * Routes waiting conversations, in the router's queue order, to eligible agents with free
   * capacity. A conversation skipped here has no eligible agent with room, and assignments later in
   * the pass only use room up: when it returns, nothing assignable waits.
   *
   * @return the conversations assigned
   */
  List<Conversation> drain(StoreTransaction tx, List<OmniEvent> events, Instant now) {
    return drain(tx, events, now, Map.of());
  }

  /**
   * Routes waiting conversations as {@link #drain(StoreTransaction, List, Instant)} does, passing
   * over an agent for one conversation (the agent who just released it) whenever another agent
   * could take it.
   *
   * @param passOver for a conversation, the agent to choose only when no other is a candidate
   * @return the conversations assigned
   */
  List<Conversation> drain(StoreTransaction tx, List<OmniEvent> events, Instant now,
      Map<ConversationId, String> passOver) {
    // Agents first: they are few, the queue may be long. With nobody available, or nobody with room
    // for any kind of conversation, nothing can be assigned and the queue need not be read.
    Map<String, Agent> agents = new TreeMap<>();
    for (Agent a : tx.agents().findAll()) {
      if (a.presence() == Presence.AVAILABLE) {
        agents.put(a.id(), a);
      }
    }
    if (agents.isEmpty()) {
      return List.of();
    }
    Map<String, Map<ChannelKind, Integer>> loads = new LinkedHashMap<>();
    agents.keySet().forEach(id -> loads.put(id, load(tx, id)));
    boolean room = false;
    for (Agent a : agents.values()) {
      for (ChannelKind k : ChannelKind.values()) {
        room |= loads.get(a.id()).getOrDefault(k, 0) < a.capacity(k);
      }
    }
    if (!room) {
      return List.of();
    }
    List<Conversation> queued = new ArrayList<>();
    for (Conversation c : tx.conversations().findQueued(QUEUE_SCAN)) {
      if (!c.handoffPending()) {
        queued.add(c);
      }
    }
    if (queued.isEmpty()) {
      return List.of();
    }
    queued.sort(router.queueOrder());
    List<Conversation> assigned = new ArrayList<>();
    for (Conversation c : queued) {
      ChannelKind kind = kind(c);
      List<Candidate> candidates = new ArrayList<>();
      for (Agent a : agents.values()) {
        int load = loads.get(a.id()).getOrDefault(kind, 0);
        if (eligible(a, c) && load < a.capacity(kind)) {
          candidates.add(new Candidate(a, load, a.capacity(kind)));
        }
      }
      if (candidates.isEmpty()) {
        continue;
      }
      String avoid = passOver.get(c.id());
      if (avoid != null && candidates.stream().anyMatch(x -> !x.agent().id().equals(avoid))) {
        candidates.removeIf(x -> x.agent().id().equals(avoid));
      }
      Optional<Conversation> previous = previousAgent(tx, c);
      Candidate chosen = router.choose(new RoutingRequest(c, kind, candidates,
          previous.flatMap(Conversation::lastAgent), previous.flatMap(Conversation::lastAgentAt), now));
      if (chosen == null || candidates.stream().noneMatch(x -> x.agent().id().equals(chosen.agent().id()))) {
        throw new IllegalStateException("router " + router + " chose " + (chosen == null ? null : chosen.agent().id())
            + ", not one of the candidates for conversation " + c.id());
      }
      Agent agent = agents.get(chosen.agent().id());
      assigned.add(assignIn(tx, events, c, agent, now, c.toBuilder()));
      agents.put(agent.id(), tx.agents().find(agent.id()).orElseThrow());
      loads.get(agent.id()).merge(kind, 1, Integer::sum);
    }
    return assigned;
  }

  /** The customer's conversation most recently taken by an agent, if any. */
  private Optional<Conversation> previousAgent(StoreTransaction tx, Conversation c) {
    Customer live = TenantContext.live(tx, c.customerId());
    Conversation best = null;
    for (Conversation other : tx.conversations().findByCustomers(TenantContext.group(tx, live.id()))) {
      if (other.lastAgentAt().isPresent()
          && (best == null || other.lastAgentAt().get().isAfter(best.lastAgentAt().orElseThrow()))) {
        best = other;
      }
    }
    return Optional.ofNullable(best);
  }

  /** The pending offer of a conversation, if any. */
  Optional<Handoff> pendingHandoff(StoreTransaction tx, Conversation c) {
    if (!c.handoffPending()) {
      return Optional.empty();
    }
    return tx.handoffs().findByConversation(c.id()).stream()
        .filter(h -> h.status() == HandoffStatus.OFFERED).findFirst();
  }

  /** Expires the conversation's pending offer if its time has come; returns the conversation now. */
  Conversation expireIfDue(StoreTransaction tx, List<OmniEvent> events, Conversation c, Instant now) {
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
   */
  HandoffOutcome fallback(StoreTransaction tx, List<OmniEvent> events, Handoff h, HandoffStatus status, Instant now) {
    Conversation c = load(tx, h.conversationId());
    Handoff ended = h.toBuilder().status(status).decidedAt(now).version(h.version() + 1).build();
    Participant fb = h.fallback();
    Optional<Agent> agent = Optional.empty();
    if (fb.kind() == Participant.Kind.AGENT) {
      agent = tx.agents().find(fb.id()).filter(a -> a.presence() != Presence.OFFLINE)
          .filter(a -> !c.status().isActive() || hasRoom(tx, a, c));
      if (agent.isEmpty()) {
        fb = policy.defaultQueue();
      }
    }
    int at = events.size();
    Conversation next;
    if (agent.isPresent() && c.status().isActive() && !c.owner().equals(fb)) {
      next = assignIn(tx, events, c, agent.get(), now, c.toBuilder().handoffPending(false));
    } else {
      Conversation.Builder b = c.toBuilder().handoffPending(false);
      if (c.status().isActive()) {
        b.owner(fb);
        if (fb.kind() == Participant.Kind.QUEUE) {
          // Back in the same queue keeps its place in line; a new queue starts now.
          b.queuedAt(fb.equals(c.owner()) ? c.queuedAt().orElse(now) : now);
        }
      }
      next = save(tx, c, b, now);
    }
    // The conversation row first, then the handoff, as every unit of work writes them.
    tx.handoffs().update(ended, h.version());
    drain(tx, events, now);
    next = load(tx, next.id());
    HandoffOutcome outcome = new HandoffOutcome(ended, next, context(tx, ended, next, now), held(tx, ended));
    events.add(at, status == HandoffStatus.DECLINED ? new HandoffDeclined(ctx.tenant(), now, outcome)
        : new HandoffExpired(ctx.tenant(), now, outcome));
    return outcome;
  }

  /** The touchpoints held while an offer was pending, in arrival order. */
  List<Touchpoint> held(StoreTransaction tx, Handoff h) {
    List<Touchpoint> out = new ArrayList<>();
    for (TouchpointId id : h.held()) {
      tx.touchpoints().find(id).ifPresent(out::add);
    }
    return out;
  }

  /** The group of customers a conversation's touchpoints are kept under. */
  Set<CustomerId> group(StoreTransaction tx, Conversation c) {
    return TenantContext.group(tx, TenantContext.live(tx, c.customerId()).id());
  }

  /** The newest touchpoints of a conversation, oldest first. */
  List<Touchpoint> transcript(StoreTransaction tx, Conversation c, int limit) {
    List<Touchpoint> rows = new ArrayList<>(tx.touchpoints().page(new TimelineSlice(group(tx, c), Set.of(), Set.of(),
        Optional.of(c.id()), Optional.empty(), Optional.empty(), TimelineOrder.NEWEST_FIRST, Optional.empty(), limit)));
    Collections.reverse(rows);
    return rows;
  }

  /** Builds the context packet for a handoff of a conversation. */
  HandoffContext context(StoreTransaction tx, Handoff h, Conversation c, Instant now) {
    Customer live = TenantContext.live(tx, c.customerId());
    Set<CustomerId> group = TenantContext.group(tx, live.id());
    Map<String, String> attrs = new TreeMap<>();
    for (String key : CustomerCard.CARD_ATTRIBUTES) {
      live.attribute(key).ifPresent(v -> attrs.put(key, v));
    }
    CustomerCard card = new CustomerCard(live.id(), live.attribute("name"),
        live.identities().stream().map(Identity::masked).toList(), live.consents(), attrs);
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
