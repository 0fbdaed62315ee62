package io.github.omnictx.core.engine.routing;

import io.github.omnictx.core.NotFoundException;
import io.github.omnictx.core.channel.Channel;
import io.github.omnictx.core.channel.ChannelKind;
import io.github.omnictx.core.conversation.AgentId;
import io.github.omnictx.core.conversation.Conversation;
import io.github.omnictx.core.conversation.ConversationId;
import io.github.omnictx.core.conversation.ConversationStatus;
import io.github.omnictx.core.conversation.Participant;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.engine.ConversationRows;
import io.github.omnictx.core.engine.UnitOfWork;
import io.github.omnictx.core.engine.customer.MergeGroups;
import io.github.omnictx.core.event.ConversationAssigned;
import io.github.omnictx.core.event.HandoffReleased;
import io.github.omnictx.core.event.OmniEvent;
import io.github.omnictx.core.handoff.Handoff;
import io.github.omnictx.core.handoff.HandoffStatus;
import io.github.omnictx.core.routing.Agent;
import io.github.omnictx.core.routing.AgentUnavailableException;
import io.github.omnictx.core.routing.Candidate;
import io.github.omnictx.core.routing.Presence;
import io.github.omnictx.core.routing.Router;
import io.github.omnictx.core.routing.RoutingRequest;
import io.github.omnictx.core.spi.StoreTransaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.Objects;

/**
 * Routing: which agent gets a waiting conversation, and agent capacity per channel kind. Assigns
 * and releases conversations, routes the queue, and keeps every agent within capacity, also when a
 * conversation switches channel kind. Every method runs inside the caller's unit of work. Not API:
 * may change in any release. Thread-safe (stateless apart from its configuration).
 *
 * <p>Races are serialised on rows: every assignment writes the agent's row at its next version, so
 * two units of work that assign to one agent conflict instead of both exceeding capacity.
 */
public final class Dispatcher {
  /** The most queued conversations one routing pass looks at. */
  static final int QUEUE_SCAN = 1000;

  private final UnitOfWork uow;
  private final Participant defaultQueue;
  private final Router router;

  /**
   * @param uow the tenant's units of work
   * @param defaultQueue where conversations go when their agent cannot keep them
   * @param router the router
   */
  public Dispatcher(UnitOfWork uow, Participant defaultQueue, Router router) {
    this.uow = uow;
    this.defaultQueue = defaultQueue;
    this.router = router;
  }

  /**
   * @param c a conversation
   * @return the kind of the channel it was last active on (asynchronous text for an unknown channel)
   */
  public ChannelKind kind(Conversation c) {
    Channel ch = uow.channels().get(c.lastChannel());
    return ch == null ? ChannelKind.ASYNC_TEXT : ch.kind();
  }

  /**
   * @param tx the unit of work
   * @param agentId the agent
   * @return the agent
   * @throws NotFoundException if there is no such agent
   */
  public static Agent agent(StoreTransaction tx, AgentId agentId) {
    return tx.agents().find(agentId).orElseThrow(() -> new NotFoundException("agent", agentId.value()));
  }

  /**
   * @param tx the unit of work
   * @param agentId the agent
   * @return the agent's active conversations counted by channel kind
   */
  public Map<ChannelKind, Integer> load(StoreTransaction tx, AgentId agentId) {
    Map<ChannelKind, Integer> out = new EnumMap<>(ChannelKind.class);
    for (Conversation c : tx.conversations().findActiveByOwner(Participant.agent(agentId))) {
      out.merge(kind(c), 1, Integer::sum);
    }
    return out;
  }

  /**
   * Throws unless the agent has room for the conversation (one it owns already always fits).
   *
   * @param tx the unit of work
   * @param agent the agent
   * @param c the conversation
   * @throws AgentUnavailableException if the agent holds its capacity of the conversation's kind
   */
  public void checkCapacity(StoreTransaction tx, Agent agent, Conversation c) {
    if (!hasRoom(tx, agent, c)) {
      ChannelKind kind = kind(c);
      int load = load(tx, agent.id()).getOrDefault(kind, 0);
      throw new AgentUnavailableException(agent.id(), "agent " + agent.id() + " has no free capacity for "
          + kind + ": holds " + load + " of " + agent.capacity(kind));
    }
  }

  /**
   * @param tx the unit of work
   * @param agent the agent
   * @param c the conversation
   * @return whether the agent has room for the conversation (one it owns already always fits)
   */
  public boolean hasRoom(StoreTransaction tx, Agent agent, Conversation c) {
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
   * @param tx the unit of work
   * @param events where events are collected
   * @param c the conversation as written
   * @param previousKind the conversation's channel kind before the change
   * @param now the time
   * @return the conversation as it is now
   */
  public Conversation keepWithinCapacity(StoreTransaction tx, List<OmniEvent> events, Conversation c,
      ChannelKind previousKind, Instant now) {
    if (!c.status().isActive()) {
      return c;
    }
    ChannelKind kind = kind(c);
    Optional<Agent> agent = c.owner().agentId().flatMap(id -> tx.agents().find(id));
    if (agent.isPresent() && kind != previousKind) {
      Agent a = agent.get();
      tx.agents().update(a.toBuilder().version(a.version() + 1).build(), a.version());
    }
    if (agent.isPresent() && load(tx, agent.get().id()).getOrDefault(kind, 0) > agent.get().capacity(kind)) {
      ConversationRows.save(tx, c, c.toBuilder().owner(defaultQueue).queuedAt(now), now);
    } else if (kind == previousKind) {
      return c;
    }
    drain(tx, events, now);
    return ConversationRows.load(tx, c.id());
  }

  /**
   * Takes a conversation from the agent who owns it and gives it to a bot or a queue (queued now);
   * the agent's accepted handoff of it becomes released. Does not route.
   *
   * @param tx the unit of work
   * @param events where events are collected
   * @param c the conversation
   * @param agentId the agent who owns it
   * @param to the bot or queue it goes to
   * @param now the time
   * @return the conversation as written
   */
  public Conversation releaseIn(StoreTransaction tx, List<OmniEvent> events, Conversation c, AgentId agentId,
      Participant to, Instant now) {
    Conversation next = ConversationRows.save(tx, c, c.toBuilder().owner(to).queuedAt(now), now);
    for (Handoff h : tx.handoffs().findByConversation(c.id())) {
      if (h.status() == HandoffStatus.ACCEPTED && h.acceptedBy().equals(Optional.of(agentId))) {
        tx.handoffs().update(h.toBuilder().status(HandoffStatus.RELEASED).releasedAt(now).version(h.version() + 1)
            .build(), h.version());
        break;
      }
    }
    events.add(new HandoffReleased(uow.tenant(), now, next, agentId));
    return next;
  }

  /**
   * An agent went offline: each active conversation they own goes back to the default queue
   * (their accepted handoffs of it become released) and the queue is routed. A conversation with a
   * pending offer stays until the offer is decided; its fallback then passes over the offline agent.
   *
   * @param tx the unit of work
   * @param events where events are collected
   * @param agentId the agent
   * @param now the time
   */
  public void agentWentOffline(StoreTransaction tx, List<OmniEvent> events, AgentId agentId, Instant now) {
    for (Conversation c : tx.conversations().findActiveByOwner(Participant.agent(agentId))) {
      if (!c.handoffPending()) {
        releaseIn(tx, events, c, agentId, defaultQueue, now);
      }
    }
    drain(tx, events, now);
  }

  /**
   * Gives a conversation to an agent and records the assignment on the agent (version
   * compare-and-set), remembering the agent as the conversation's last one.
   *
   * @param tx the unit of work
   * @param events where events are collected
   * @param c the conversation as read
   * @param agent the agent
   * @param now the time
   * @param change other changes to the conversation, written with the assignment
   * @return the conversation as written
   */
  public Conversation assignIn(StoreTransaction tx, List<OmniEvent> events, Conversation c, Agent agent,
      Instant now, Conversation.Builder change) {
    Conversation next = ConversationRows.save(tx, c, change.owner(agent.participant()).queuedAt(null)
        .handoffPending(false).lastAgent(agent.id(), now), now);
    Agent current = tx.agents().find(agent.id()).orElse(agent);
    tx.agents().update(current.toBuilder().lastAssignedAt(now).version(current.version() + 1).build(),
        current.version());
    events.add(new ConversationAssigned(uow.tenant(), now, next, c.owner()));
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
   * @param tx the unit of work
   * @param events where events are collected
   * @param now the time
   * @return the conversations assigned
   */
  public List<Conversation> drain(StoreTransaction tx, List<OmniEvent> events, Instant now) {
    return drain(tx, events, now, Map.of());
  }

  /**
   * Routes waiting conversations as {@link #drain(StoreTransaction, List, Instant)} does, passing
   * over an agent for one conversation (the agent who just released it) whenever another agent
   * could take it.
   *
   * @param tx the unit of work
   * @param events where events are collected
   * @param now the time
   * @param passOver for a conversation, the agent to choose only when no other is a candidate
   * @return the conversations assigned
   */
  public List<Conversation> drain(StoreTransaction tx, List<OmniEvent> events, Instant now,
      Map<ConversationId, AgentId> passOver) {
    // Agents first: they are few, the queue may be long. With nobody available, or nobody with room
    // for any kind of conversation, nothing can be assigned and the queue need not be read.
    Map<AgentId, Agent> agents = new TreeMap<>();
    for (Agent a : tx.agents().findAll()) {
      if (a.presence() == Presence.AVAILABLE) {
        agents.put(a.id(), a);
      }
    }
    if (agents.isEmpty()) {
      return List.of();
    }
    Map<AgentId, Map<ChannelKind, Integer>> loads = new LinkedHashMap<>();
    agents.keySet().forEach(id -> loads.put(id, load(tx, id)));
    boolean room = false;
    for (Agent a : agents.values()) {
      for (ChannelKind k : ChannelKind.values()) {
        room |= loads.getOrDefault(a.id(), Map.of()).getOrDefault(k, 0) < a.capacity(k);
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
        int load = loads.getOrDefault(a.id(), Map.of()).getOrDefault(kind, 0);
        if (eligible(a, c) && load < a.capacity(kind)) {
          candidates.add(new Candidate(a, load, a.capacity(kind)));
        }
      }
      if (candidates.isEmpty()) {
        continue;
      }
      AgentId avoid = passOver.get(c.id());
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
      Agent agent = Objects.requireNonNull(agents.get(chosen.agent().id()), "the chosen agent is a candidate");
      assigned.add(assignIn(tx, events, c, agent, now, c.toBuilder()));
      agents.put(agent.id(), tx.agents().find(agent.id()).orElseThrow());
      loads.computeIfAbsent(agent.id(), id -> load(tx, id)).merge(kind, 1, Integer::sum);
    }
    return assigned;
  }

  /**
   * Routes one conversation that has just become routable (opened, reopened or woken by a
   * message) as {@link #drain} would, without reading the queue. Every other waiting conversation
   * was routed when it last could be: each change that frees room or brings an agent (presence,
   * capacity, a release, a resolve) routes the queue, so after it nothing assignable waits, and
   * this conversation is the only one that can be assignable now. Reading the queue here would make
   * every first message cost more the more conversations wait.
   *
   * @param tx the unit of work
   * @param events where events are collected
   * @param c the conversation as written
   * @param ofCustomer the conversations of its customer's merge group as read in this unit of work
   *     (for the agent who last had one)
   * @param now the time
   * @return the conversation as it is now
   */
  public Conversation routeOne(StoreTransaction tx, List<OmniEvent> events, Conversation c,
      List<Conversation> ofCustomer, Instant now) {
    if (c.queuedAt().isEmpty() || c.handoffPending() || c.status() != ConversationStatus.OPEN) {
      return c;
    }
    ChannelKind kind = kind(c);
    List<Candidate> candidates = new ArrayList<>();
    Map<AgentId, Agent> agents = new TreeMap<>();
    for (Agent a : tx.agents().findAll()) {
      if (a.presence() == Presence.AVAILABLE && eligible(a, c)) {
        agents.put(a.id(), a);
      }
    }
    for (Agent a : agents.values()) {
      int load = load(tx, a.id()).getOrDefault(kind, 0);
      if (load < a.capacity(kind)) {
        candidates.add(new Candidate(a, load, a.capacity(kind)));
      }
    }
    if (candidates.isEmpty()) {
      return c;
    }
    Optional<Conversation> previous = latestWithAgent(ofCustomer);
    Candidate chosen = router.choose(new RoutingRequest(c, kind, candidates,
        previous.flatMap(Conversation::lastAgent), previous.flatMap(Conversation::lastAgentAt), now));
    if (chosen == null || candidates.stream().noneMatch(x -> x.agent().id().equals(chosen.agent().id()))) {
      throw new IllegalStateException("router " + router + " chose " + (chosen == null ? null : chosen.agent().id())
          + ", not one of the candidates for conversation " + c.id());
    }
    return assignIn(tx, events, c,
        Objects.requireNonNull(agents.get(chosen.agent().id()), "the chosen agent is a candidate"), now, c.toBuilder());
  }

  /** The customer's conversation most recently taken by an agent, if any. */
  private Optional<Conversation> previousAgent(StoreTransaction tx, Conversation c) {
    Customer live = MergeGroups.live(tx, c.customerId());
    return latestWithAgent(tx.conversations().findByCustomers(MergeGroups.group(tx, live.id())));
  }

  private static Optional<Conversation> latestWithAgent(List<Conversation> conversations) {
    Conversation best = null;
    for (Conversation other : conversations) {
      if (other.lastAgentAt().isPresent()
          && (best == null || other.lastAgentAt().get().isAfter(best.lastAgentAt().orElseThrow()))) {
        best = other;
      }
    }
    return Optional.ofNullable(best);
  }
}
