package io.github.omnictx.core.engine.handoff;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.NotFoundException;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.conversation.AgentId;
import io.github.omnictx.core.conversation.Conversation;
import io.github.omnictx.core.conversation.ConversationId;
import io.github.omnictx.core.conversation.ConversationPolicy;
import io.github.omnictx.core.conversation.ConversationStatus;
import io.github.omnictx.core.conversation.InvalidTransitionException;
import io.github.omnictx.core.conversation.NotOwnerException;
import io.github.omnictx.core.conversation.Participant;
import io.github.omnictx.core.engine.ConversationRows;
import io.github.omnictx.core.engine.UnitOfWork;
import io.github.omnictx.core.engine.routing.Dispatcher;
import io.github.omnictx.core.engine.timeline.TimelineService;
import io.github.omnictx.core.event.ConversationJoined;
import io.github.omnictx.core.event.HandoffAccepted;
import io.github.omnictx.core.event.HandoffOffered;
import io.github.omnictx.core.handoff.Handoff;
import io.github.omnictx.core.handoff.HandoffConflictException;
import io.github.omnictx.core.handoff.HandoffContext;
import io.github.omnictx.core.handoff.HandoffExpiredException;
import io.github.omnictx.core.handoff.HandoffId;
import io.github.omnictx.core.handoff.HandoffOutcome;
import io.github.omnictx.core.handoff.HandoffRequest;
import io.github.omnictx.core.handoff.HandoffStatus;
import io.github.omnictx.core.handoff.Handoffs;
import io.github.omnictx.core.internal.Checks;
import io.github.omnictx.core.routing.Agent;
import io.github.omnictx.core.spi.StoreTransaction;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.timeline.NewTouchpoint;
import io.github.omnictx.core.timeline.Touchpoint;
import io.github.omnictx.core.timeline.TouchpointType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@link Handoffs} service. Not API. Thread-safe. */
public final class HandoffService implements Handoffs {
  private final UnitOfWork uow;
  private final ConversationPolicy policy;
  private final Dispatcher dispatcher;
  private final Fallback fallback;
  private final HandoffContexts contexts;

  /** What an accept or decline unit of work committed: an outcome, or the expiry it found due. */
  private record Decision(HandoffOutcome outcome, boolean expired) {}

  /**
   * @param uow the tenant's units of work
   * @param policy the tenant's conversation policy (the default handoff timeout)
   * @param dispatcher routing
   * @param fallback how offers end without acceptance
   * @param contexts builds context packets
   */
  public HandoffService(UnitOfWork uow, ConversationPolicy policy, Dispatcher dispatcher, Fallback fallback,
      HandoffContexts contexts) {
    this.uow = uow;
    this.policy = policy;
    this.dispatcher = dispatcher;
    this.fallback = fallback;
    this.contexts = contexts;
  }

  @Override
  public Handoff offer(ConversationId conversation, HandoffRequest request) {
    Checks.required(conversation, "conversation");
    Checks.required(request, "request");
    return uow.write((tx, events) -> {
      Instant now = uow.now();
      Conversation c = fallback.expireIfDue(tx, events, ConversationRows.load(tx, conversation), now);
      if (!c.status().isActive()) {
        throw new InvalidTransitionException("conversation", c.id().toString(), c.status().name(), "HANDOFF");
      }
      if (c.handoffPending()) {
        throw new InvalidTransitionException("conversation", c.id().toString(), "HANDOFF_PENDING", "HANDOFF");
      }
      Participant to = request.target();
      to.agentId().ifPresent(agent -> Dispatcher.agent(tx, agent));
      Participant fallback = request.fallback()
          .orElse(to.kind() == Participant.Kind.QUEUE ? to : c.owner());
      Handoff h = Handoff.builder().id(new HandoffId(uow.ids().next())).conversationId(c.id())
          .customerId(c.customerId()).from(c.owner()).to(to).fallback(fallback).reason(request.reason())
          .details(Handoff.details(request.collected(), request.notes())).offeredAt(now)
          .expiresAt(now.plus(request.timeout().orElse(policy.handoffTimeout()))).build();
      // The conversation row first, then the handoff, as every unit of work writes them.
      ConversationRows.save(tx, c, c.toBuilder().handoffPending(true), now);
      tx.handoffs().insert(h);
      events.add(new HandoffOffered(uow.tenant(), now, h));
      return h;
    });
  }

  private Handoff loadHandoff(StoreTransaction tx, HandoffId id) {
    return tx.handoffs().find(id).orElseThrow(() -> new NotFoundException("handoff", id.toString()));
  }

  /** Refuses a decision on a handoff that is no longer offered, or offered to someone else. */
  private static void requireOffered(Handoff h, AgentId agentId, String action) {
    switch (h.status()) {
      case ACCEPTED:
      case RELEASED:
        throw new HandoffConflictException(h.id().toString(), h.acceptedBy().orElse(null), "handoff " + h.id()
            + " was already accepted by agent:" + h.acceptedBy().map(AgentId::value).orElse("?"));
      case EXPIRED:
        throw new HandoffExpiredException(h.id().toString(), h.expiresAt().toString(), action);
      case DECLINED:
        throw new InvalidTransitionException("handoff", h.id().toString(), h.status().name(), action);
      default:
        break;
    }
    if (h.to().kind() == Participant.Kind.AGENT && !h.to().equals(Participant.agent(agentId))) {
      throw new InvalidInputException("agentId", "handoff " + h.id() + " was offered to " + h.to()
          + ", not to agent:" + agentId);
    }
  }

  @Override
  public HandoffOutcome accept(HandoffId handoff, AgentId agentId) {
    Checks.required(handoff, "handoff");
    Checks.required(agentId, "agentId");
    Decision d = uow.write((tx, events) -> {
      Handoff h = loadHandoff(tx, handoff);
      Agent agent = Dispatcher.agent(tx, agentId);
      requireOffered(h, agentId, "ACCEPTED");
      Instant now = uow.now();
      if (!h.expiresAt().isAfter(now)) {
        return new Decision(fallback.fallback(tx, events, h, HandoffStatus.EXPIRED, now), true);
      }
      Conversation c = ConversationRows.load(tx, h.conversationId());
      dispatcher.checkCapacity(tx, agent, c);
      Handoff accepted = h.toBuilder().status(HandoffStatus.ACCEPTED).acceptedBy(agentId).decidedAt(now)
          .version(h.version() + 1).build();
      int at = events.size();
      // The conversation row first, then the handoff, as every unit of work writes them.
      Conversation next = dispatcher.assignIn(tx, events, c, agent, now, c.toBuilder());
      tx.handoffs().update(accepted, h.version());
      if (c.owner().kind() == Participant.Kind.AGENT) {
        dispatcher.drain(tx, events, now);
      }
      HandoffOutcome outcome = new HandoffOutcome(accepted, next, contexts.context(tx, accepted, next, now),
          Fallback.held(tx, accepted));
      events.add(at, new HandoffAccepted(uow.tenant(), now, outcome));
      return new Decision(outcome, false);
    });
    if (d.expired()) {
      throw new HandoffExpiredException(handoff.toString(), d.outcome().handoff().expiresAt().toString(), "ACCEPTED");
    }
    return d.outcome();
  }

  @Override
  public HandoffOutcome decline(HandoffId handoff, AgentId agentId) {
    Checks.required(handoff, "handoff");
    Checks.required(agentId, "agentId");
    Decision d = uow.write((tx, events) -> {
      Handoff h = loadHandoff(tx, handoff);
      Dispatcher.agent(tx, agentId);
      requireOffered(h, agentId, "DECLINED");
      Instant now = uow.now();
      boolean expired = !h.expiresAt().isAfter(now);
      return new Decision(fallback.fallback(tx, events, h, expired ? HandoffStatus.EXPIRED : HandoffStatus.DECLINED, now),
          expired);
    });
    if (d.expired()) {
      throw new HandoffExpiredException(handoff.toString(), d.outcome().handoff().expiresAt().toString(), "DECLINED");
    }
    return d.outcome();
  }

  @Override
  public List<HandoffOutcome> expireDue() {
    List<HandoffId> due = uow.read(tx -> tx.handoffs().findExpiring(uow.now(), UnitOfWork.DUE_BATCH).stream()
        .map(Handoff::id).toList());
    return uow.eachDue(due, "expire handoff", id -> (tx, events) -> {
      Instant now = uow.now();
      Optional<Handoff> h = tx.handoffs().find(id)
          .filter(x -> x.status() == HandoffStatus.OFFERED && !x.expiresAt().isAfter(now));
      return h.map(x -> fallback.fallback(tx, events, x, HandoffStatus.EXPIRED, now));
    });
  }

  @Override
  public Conversation release(ConversationId conversation, AgentId agentId, Participant to) {
    Checks.required(conversation, "conversation");
    Checks.required(agentId, "agentId");
    Checks.required(to, "to");
    if (to.kind() == Participant.Kind.AGENT) {
      throw new InvalidInputException("to", "release goes to a bot or a queue (offer a handoff to reach an agent), was: "
          + to);
    }
    return uow.write((tx, events) -> {
      Conversation c = ConversationRows.load(tx, conversation);
      Participant agent = Participant.agent(agentId);
      if (!c.owner().equals(agent)) {
        throw new NotOwnerException(c.id().toString(), c.owner().toString(), agent.toString());
      }
      if (!c.status().isActive()) {
        throw new InvalidTransitionException("conversation", c.id().toString(), c.status().name(), "RELEASED");
      }
      Instant now = uow.now();
      dispatcher.releaseIn(tx, events, c, agentId, to, now);
      dispatcher.drain(tx, events, now, Map.of(c.id(), agentId));
      return ConversationRows.load(tx, c.id());
    });
  }

  @Override
  public Touchpoint switchChannel(ConversationId conversation, ChannelId to, String reason) {
    Checks.required(conversation, "conversation");
    Checks.required(to, "to");
    Checks.required(reason, "reason");
    Checks.input("reason", () -> Checks.maxLength(Checks.notBlank(reason, "reason"), 512, "reason"));
    uow.channel(to);
    return uow.write((tx, events) -> {
      Conversation c = ConversationRows.load(tx, conversation);
      if (c.status() == ConversationStatus.CLOSED) {
        throw new InvalidTransitionException("conversation", c.id().toString(), c.status().name(), "CHANNEL_HANDOFF");
      }
      Instant now = uow.now();
      ObjectNode payload = JsonNodeFactory.instance.objectNode().put("kind", "channel")
          .put("fromChannel", c.lastChannel().value()).put("toChannel", to.value()).put("reason", reason);
      Touchpoint t = TimelineService.recordIn(uow, tx, events, List.of(NewTouchpoint.builder(c.customerId(), to,
          TouchpointType.HANDOFF).direction(Direction.INTERNAL).conversation(c.id()).payload(payload).build()))
          .get(0).touchpoint();
      boolean joined = !c.channels().contains(to);
      Conversation next = ConversationRows.save(tx, c, c.toBuilder().lastChannel(to), now);
      if (joined) {
        events.add(new ConversationJoined(uow.tenant(), now, next, to));
      }
      dispatcher.keepWithinCapacity(tx, events, next, dispatcher.kind(c), now);
      return t;
    });
  }

  @Override
  public Optional<Handoff> find(HandoffId handoff) {
    Checks.required(handoff, "handoff");
    return uow.read(tx -> tx.handoffs().find(handoff));
  }

  @Override
  public Handoff get(HandoffId handoff) {
    return find(handoff).orElseThrow(() -> new NotFoundException("handoff", handoff.toString()));
  }

  @Override
  public List<Handoff> ofConversation(ConversationId conversation) {
    Checks.required(conversation, "conversation");
    return uow.read(tx -> tx.handoffs().findByConversation(conversation));
  }

  @Override
  public HandoffContext context(HandoffId handoff) {
    Checks.required(handoff, "handoff");
    return uow.read(tx -> {
      Handoff h = loadHandoff(tx, handoff);
      return contexts.context(tx, h, ConversationRows.load(tx, h.conversationId()), uow.now());
    });
  }
}
