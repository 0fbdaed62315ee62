package io.github.omnictx.core.engine.conversation;

import io.github.omnictx.core.ConcurrentUpdateException;
import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.NotFoundException;
import io.github.omnictx.core.channel.ChannelKind;
import io.github.omnictx.core.conversation.AgentId;
import io.github.omnictx.core.conversation.Classification;
import io.github.omnictx.core.conversation.Conversation;
import io.github.omnictx.core.conversation.ConversationId;
import io.github.omnictx.core.conversation.ConversationPolicy;
import io.github.omnictx.core.conversation.ConversationStatus;
import io.github.omnictx.core.conversation.InvalidTransitionException;
import io.github.omnictx.core.conversation.NotOwnerException;
import io.github.omnictx.core.conversation.Participant;
import io.github.omnictx.core.conversation.SlaTarget;
import io.github.omnictx.core.conversation.service.Conversations;
import io.github.omnictx.core.conversation.service.Inbound;
import io.github.omnictx.core.conversation.service.Received;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.engine.ConversationRows;
import io.github.omnictx.core.engine.UnitOfWork;
import io.github.omnictx.core.engine.customer.MergeGroups;
import io.github.omnictx.core.engine.handoff.Fallback;
import io.github.omnictx.core.engine.handoff.HandoffContexts;
import io.github.omnictx.core.engine.outbound.IntentChecks;
import io.github.omnictx.core.engine.outbound.OutboundService;
import io.github.omnictx.core.engine.routing.Dispatcher;
import io.github.omnictx.core.engine.timeline.Redeliveries;
import io.github.omnictx.core.engine.timeline.TimelineService;
import io.github.omnictx.core.event.ConversationJoined;
import io.github.omnictx.core.event.ConversationOpened;
import io.github.omnictx.core.event.ConversationStatusChanged;
import io.github.omnictx.core.event.OmniEvent;
import io.github.omnictx.core.event.SlaBreached;
import io.github.omnictx.core.event.TouchpointRecorded;
import io.github.omnictx.core.handoff.Handoff;
import io.github.omnictx.core.internal.Checks;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.outbound.FallbackPolicy;
import io.github.omnictx.core.outbound.OutboundDecision;
import io.github.omnictx.core.outbound.OutboundIntent;
import io.github.omnictx.core.routing.Agent;
import io.github.omnictx.core.spi.StoreTransaction;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.timeline.NewTouchpoint;
import io.github.omnictx.core.timeline.RecordResult;
import io.github.omnictx.core.timeline.Touchpoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/** The {@link Conversations} service. Not API. Thread-safe. */
public final class ConversationService implements Conversations {
  private final UnitOfWork uow;
  private final ConversationPolicy policy;
  private final Dispatcher dispatcher;
  private final Fallback fallback;
  private final OutboundService outbound;

  /**
   * @param uow the tenant's units of work
   * @param policy the tenant's conversation policy
   * @param dispatcher routing
   * @param fallback pending offers and their expiry
   * @param outbound outbound decisions, for replies that are sent
   */
  public ConversationService(UnitOfWork uow, ConversationPolicy policy, Dispatcher dispatcher, Fallback fallback,
      OutboundService outbound) {
    this.uow = uow;
    this.policy = policy;
    this.dispatcher = dispatcher;
    this.fallback = fallback;
    this.outbound = outbound;
  }

  /**
   * Copies a touchpoint request into a conversation.
   *
   * @param t the request
   * @param customer the customer to record it for
   * @param conversation the conversation
   * @param direction the direction
   * @return the copy
   */
  static NewTouchpoint inConversation(NewTouchpoint t, CustomerId customer, ConversationId conversation,
      Direction direction) {
    NewTouchpoint.Builder b = NewTouchpoint.builder(customer, t.channel(), t.type()).direction(direction)
        .conversation(conversation);
    t.occurredAt().ifPresent(b::occurredAt);
    t.externalId().ifPresent(b::externalId);
    t.payload().ifPresent(b::payload);
    t.status().ifPresent(b::status);
    return b.build();
  }

  @Override
  public Received receive(NewTouchpoint touchpoint) {
    Checks.required(touchpoint, "touchpoint");
    return receive(Checks.input("touchpoint", () -> Inbound.of(touchpoint)));
  }

  @Override
  public Received receive(Inbound inbound) {
    Checks.required(inbound, "inbound");
    NewTouchpoint tp = inbound.touchpoint();
    uow.channel(tp.channel());
    Redeliveries redeliveries = new Redeliveries();
    return uow.write((tx, events) -> {
      Customer live = MergeGroups.live(tx, tp.customerId());
      Receipt r = receiveFrom(tx, events, inbound, live, false, redeliveries);
      return r.received().isPresent() ? r.received().get() : duplicate(tx, r.touchpoint().touchpoint());
    });
  }

  /**
   * What receiving did: the touchpoint, and unless it was recorded before, what happened in its
   * conversation.
   *
   * @param touchpoint the recorded touchpoint, or the one recorded before ({@code duplicate})
   * @param received the conversation side; empty for a duplicate, which changed nothing
   */
  public record Receipt(RecordResult touchpoint, Optional<Received> received) {}

  /**
   * Receives an inbound touchpoint for a live customer the caller read in its unit of work (the
   * webhook pipeline resolves the sender and receives its messages in one). Neither the customer
   * nor the conversation is read again, and no earlier delivery is looked for before writing: the
   * append answers that, and when it finds one the attempt is rolled back (see {@link
   * Redeliveries}).
   *
   * <p>Statements (a store with one round trip per repository call): joining an active conversation
   * reads the customer's conversations and writes the conversation and the touchpoint, 3; opening
   * one for a customer created in this unit of work writes the conversation and the touchpoint and
   * asks routing, 3; for a known customer it also reads their conversations and claims the customer
   * row. Routing runs only when the message made the conversation routable (opened, reopened, woken
   * or moved to another kind of channel) and then for this conversation alone.
   *
   * @param tx the unit of work
   * @param events where events are collected
   * @param inbound the inbound touchpoint
   * @param live the live customer it is from, as read in this unit of work
   * @param fresh whether that customer was created in this unit of work (so has no conversation)
   * @param redeliveries what earlier attempts of this unit of work found recorded before
   * @return what happened
   * @throws ConcurrentUpdateException when it lost a race or found the touchpoint recorded before;
   *     the caller's unit of work runs again
   */
  public Receipt receiveFrom(StoreTransaction tx, List<OmniEvent> events, Inbound inbound, Customer live,
      boolean fresh, Redeliveries redeliveries) {
    NewTouchpoint tp = inbound.touchpoint();
    if (redeliveries.checking() && tp.externalId().isPresent()) {
      Optional<Touchpoint> seen = redeliveries.known(tp.channel(), tp.externalId().get())
          .or(() -> tx.touchpoints().findByExternalId(tp.channel(), tp.externalId().get()));
      if (seen.isPresent()) {
        return new Receipt(new RecordResult(seen.get(), true), Optional.empty());
      }
    }
    Instant now = uow.now();
    List<Conversation> convs = fresh ? List.of()
        : tx.conversations().findByCustomers(MergeGroups.group(tx, live.id()));
    Predicate<Conversation> topicMatches = c -> !policy.onePerTopic() || inbound.topic().isEmpty()
        || inbound.topic().equals(c.topic());
    Optional<Conversation> active = convs.stream().filter(c -> c.status().isActive()).filter(topicMatches).findFirst();
    boolean opened = false;
    boolean reopened = false;
    Conversation current = null;
    Conversation.Builder b;
    ConversationStatus before = null;
    if (active.isPresent()) {
      current = active.get();
      b = current.toBuilder();
      before = current.status();
      if (before != ConversationStatus.OPEN) {
        b.status(ConversationStatus.OPEN).snoozedUntil(null);
      }
    } else {
      Optional<Conversation> resolved = policy.reopenWindow().isZero() ? Optional.empty()
          : convs.stream().filter(c -> c.status() == ConversationStatus.RESOLVED).filter(topicMatches)
              .filter(c -> !c.resolvedAt().orElse(Instant.MIN).plus(policy.reopenWindow()).isBefore(now))
              .max(Comparator.comparing((Conversation c) -> c.resolvedAt().orElseThrow()));
      if (resolved.isPresent()) {
        current = resolved.get();
        before = current.status();
        b = reopening(current, now);
        reopened = true;
      } else {
        int priority = inbound.priority().orElse(0);
        b = Conversation.builder(new ConversationId(uow.ids().next()), live.id(), tp.channel(),
            policy.initialOwner(), now).priority(priority).language(inbound.language().orElse(null))
            .skills(inbound.skills());
        Optional<SlaTarget> sla = policy.sla(priority);
        if (sla.isPresent()) {
          b.firstResponseDueAt(now.plus(sla.get().firstResponse())).resolutionDueAt(now.plus(sla.get().resolution()));
        }
        opened = true;
      }
    }
    boolean joined = current != null && !current.channels().contains(tp.channel());
    ChannelKind previousKind = current == null ? uow.channel(tp.channel()).kind() : dispatcher.kind(current);
    b.lastChannel(tp.channel()).lastInboundAt(now);
    if (inbound.topic().isPresent() && (current == null || current.topic().isEmpty())) {
      b.topic(inbound.topic().get());
    }
    // The conversation row first, then the touchpoint: every unit of work takes the row locks in
    // that order (see Fallback), so concurrent ones wait for each other instead of deadlocking.
    Conversation c;
    if (current == null) {
      c = b.build();
      if (!fresh) {
        claimOpening(tx, live);
      }
      tx.conversations().insert(c);
      events.add(new ConversationOpened(uow.tenant(), now, c));
    } else {
      c = ConversationRows.save(tx, current, b, now);
      if (before != c.status()) {
        events.add(new ConversationStatusChanged(uow.tenant(), now, c, current.status()));
      }
      if (joined) {
        events.add(new ConversationJoined(uow.tenant(), now, c, tp.channel()));
      }
    }
    RecordResult r = TimelineService.appendKnown(uow, tx, inConversation(tp, live.id(), c.id(), tp.direction()),
        live, now);
    if (r.duplicate()) {
      throw redeliveries.rollBack(r.touchpoint());
    }
    events.add(new TouchpointRecorded(uow.tenant(), now, r.touchpoint()));
    c = fallback.expireIfDue(tx, events, c, now);
    boolean kindChanged = dispatcher.kind(c) != previousKind;
    if (current == null || !current.status().isActive() || kindChanged) {
      // An active conversation on the same kind of channel adds nothing to its agent's load.
      c = dispatcher.keepWithinCapacity(tx, events, c, previousKind, now);
    }
    Optional<Handoff> pending = Fallback.pendingHandoff(tx, c);
    if (pending.isPresent()) {
      Handoff h = pending.get();
      tx.handoffs().update(h.toBuilder().held(r.touchpoint().id()).version(h.version() + 1).build(), h.version());
    }
    if (c.queuedAt().isPresent() && (opened || reopened || before != ConversationStatus.OPEN)) {
      c = dispatcher.routeOne(tx, events, c, convs, now);
    }
    Optional<Participant> recipient = c.handoffPending() ? Optional.empty() : Optional.of(c.owner());
    return new Receipt(r, Optional.of(new Received(c, r, recipient, opened, reopened, joined)));
  }

  /**
   * Moves the live customer to its next version before a conversation is opened for them. Two
   * concurrent first messages of one customer both see no open conversation; on a store whose
   * reads do not serialise (READ COMMITTED) both would insert one. Writing the customer row with
   * its version as the expected version makes them conflict on that row instead: the loser fails
   * with {@link ConcurrentUpdateException}, its unit of work (and its conversation) is rolled back,
   * and its retry finds the conversation the winner opened. Only the version changes: the
   * customer's data and {@code updatedAt} stay as they were, and no event is published. Joining or
   * reopening an existing conversation needs no claim: those write the conversation row itself
   * with its version expected, which already makes racing writers conflict.
   */
  private static void claimOpening(StoreTransaction tx, Customer live) {
    tx.customers().update(live.toBuilder().version(live.version() + 1).build(), live.version());
  }

  private Received duplicate(StoreTransaction tx, Touchpoint seen) {
    Conversation c = seen.conversationId().flatMap(tx.conversations()::find).orElse(null);
    if (c == null) {
      throw new InvalidInputException("touchpoint", "touchpoint " + seen.channel() + "/" + seen.externalId().orElse("")
          + " was recorded before outside any conversation; it cannot be received again");
    }
    Optional<Participant> recipient = c.handoffPending() ? Optional.empty() : Optional.of(c.owner());
    return new Received(c, new RecordResult(seen, true), recipient, false, false, false);
  }

  /** A resolved conversation opened again: an agent's goes back to the queue to be routed (sticky). */
  private Conversation.Builder reopening(Conversation c, Instant now) {
    Conversation.Builder b = c.toBuilder().status(ConversationStatus.OPEN).resolutionBreached(false);
    if (c.owner().kind() == Participant.Kind.AGENT) {
      b.owner(policy.defaultQueue()).queuedAt(now);
    } else if (c.owner().kind() == Participant.Kind.QUEUE) {
      b.queuedAt(now);
    }
    policy.sla(c.priority()).ifPresent(t -> b.resolutionDueAt(now.plus(t.resolution())));
    return b;
  }

  @Override
  public Optional<Conversation> find(ConversationId id) {
    Checks.required(id, "conversation");
    return uow.read(tx -> tx.conversations().find(id));
  }

  @Override
  public Conversation get(ConversationId id) {
    return find(id).orElseThrow(() -> new NotFoundException("conversation", id.toString()));
  }

  @Override
  public List<Conversation> ofCustomer(CustomerId customer) {
    Checks.required(customer, "customer");
    return uow.read(tx -> tx.conversations().findByCustomers(
        MergeGroups.group(tx, MergeGroups.live(tx, customer).id())));
  }

  @Override
  public Conversation waitForCustomer(ConversationId id) {
    return transition(id, ConversationStatus.PENDING, null);
  }

  @Override
  public Conversation snooze(ConversationId id, Instant until) {
    Checks.required(until, "until");
    if (!until.isAfter(uow.now())) {
      throw new InvalidInputException("until", "until must be after now (" + uow.now() + "), was: " + until);
    }
    return transition(id, ConversationStatus.SNOOZED, until);
  }

  @Override
  public Conversation resolve(ConversationId id) {
    return transition(id, ConversationStatus.RESOLVED, null);
  }

  @Override
  public Conversation close(ConversationId id) {
    return transition(id, ConversationStatus.CLOSED, null);
  }

  @Override
  public Conversation reopen(ConversationId id) {
    Checks.required(id, "conversation");
    return uow.write((tx, events) -> {
      Conversation c = ConversationRows.load(tx, id);
      if (c.status() != ConversationStatus.RESOLVED) {
        throw new InvalidTransitionException("conversation", id.toString(), c.status().name(), "REOPENED");
      }
      Instant now = uow.now();
      Conversation next = ConversationRows.save(tx, c, reopening(c, now), now);
      events.add(new ConversationStatusChanged(uow.tenant(), now, next, c.status()));
      dispatcher.drain(tx, events, now);
      return ConversationRows.load(tx, id);
    });
  }

  private Conversation transition(ConversationId id, ConversationStatus target, @Nullable Instant until) {
    Checks.required(id, "conversation");
    return uow.write((tx, events) -> {
      Conversation c = ConversationRows.load(tx, id);
      if (!c.status().canChangeTo(target)) {
        throw new InvalidTransitionException("conversation", id.toString(), c.status().name(), target.name());
      }
      if (c.handoffPending() && (target == ConversationStatus.RESOLVED || target == ConversationStatus.CLOSED)) {
        throw new InvalidTransitionException("conversation", id.toString(), "HANDOFF_PENDING", target.name());
      }
      Instant now = uow.now();
      Conversation.Builder b = c.toBuilder().status(target).snoozedUntil(until);
      boolean late = target == ConversationStatus.RESOLVED && !c.resolutionBreached()
          && c.resolutionDueAt().filter(now::isAfter).isPresent();
      if (target == ConversationStatus.RESOLVED) {
        b.resolvedAt(now).resolutionBreached(c.resolutionBreached() || late);
      }
      Conversation next = ConversationRows.save(tx, c, b, now);
      events.add(new ConversationStatusChanged(uow.tenant(), now, next, c.status()));
      if (late) {
        events.add(new SlaBreached(uow.tenant(), now, next, SlaBreached.Target.RESOLUTION, c.resolutionDueAt().get()));
      }
      if (!target.isActive()) {
        dispatcher.drain(tx, events, now);
      }
      return next;
    });
  }

  @Override
  public RecordResult reply(ConversationId id, Participant author, NewTouchpoint touchpoint) {
    Checks.required(id, "conversation");
    Checks.required(author, "author");
    Checks.required(touchpoint, "touchpoint");
    uow.channel(touchpoint.channel());
    return uow.write((tx, events) -> {
      Conversation c = ConversationRows.load(tx, id);
      if (c.status() == ConversationStatus.CLOSED) {
        throw new InvalidTransitionException("conversation", id.toString(), c.status().name(), "REPLY");
      }
      if (!c.owner().equals(author)) {
        throw new NotOwnerException(id.toString(), c.owner().toString(), author.toString());
      }
      Instant now = uow.now();
      // The owner and status checks above use a read; write the conversation row (its version
      // only) before the append so a concurrent reassignment or close conflicts with this reply
      // instead of the reply being stored for an author who no longer owns the conversation.
      // Written first, as receiving a message does, so both take the row locks in one order.
      c = ConversationRows.guard(tx, c);
      RecordResult r = TimelineService.recordIn(uow, tx, events,
          List.of(inConversation(touchpoint, c.customerId(), c.id(), Direction.OUTBOUND))).get(0);
      if (!r.duplicate()) {
        firstResponse(tx, events, c, author, now);
      }
      return r;
    });
  }

  @Override
  public OutboundDecision sendReply(ConversationId id, Participant author, String text, String dedupKey) {
    Checks.required(id, "conversation");
    Checks.required(author, "author");
    Checks.required(text, "text");
    Checks.required(dedupKey, "dedupKey");
    return uow.write((tx, events) -> {
      Conversation c = ConversationRows.load(tx, id);
      if (c.status() == ConversationStatus.CLOSED) {
        throw new InvalidTransitionException("conversation", id.toString(), c.status().name(), "REPLY");
      }
      if (!c.owner().equals(author)) {
        throw new NotOwnerException(id.toString(), c.owner().toString(), author.toString());
      }
      OutboundIntent intent = OutboundIntent.builder(c.customerId(), Purpose.SERVICE, dedupKey).text(text)
          .channels(List.of(c.lastChannel())).conversation(c.id()).fallback(FallbackPolicy.none()).build();
      IntentChecks.check(intent, uow.channels());
      Instant now = uow.now();
      c = ConversationRows.guard(tx, c);
      boolean fresh = tx.outbound().findByDedupKey(dedupKey).isEmpty();
      OutboundDecision d = outbound.decideIn(tx, events, intent);
      if (fresh && d.sends()) {
        firstResponse(tx, events, c, author, now);
      }
      return d;
    });
  }

  /**
   * The first reply of a person (an agent, or the team behind a queue: anyone but a bot) sets the
   * conversation's first response, late or not; a bot's first reply is kept apart and stops the
   * clock only when the policy counts bots.
   */
  private void firstResponse(StoreTransaction tx, List<OmniEvent> events, Conversation c, Participant author,
      Instant now) {
    boolean person = author.kind() != Participant.Kind.BOT;
    boolean botTime = !person && c.firstBotResponseAt().isEmpty();
    boolean counts = (person || policy.botRepliesCountAsFirstResponse()) && c.firstResponseAt().isEmpty();
    if (!botTime && !counts) {
      return;
    }
    Conversation.Builder b = c.toBuilder();
    if (botTime) {
      b.firstBotResponseAt(now);
    }
    boolean late = counts && !c.firstResponseBreached() && c.firstResponseDueAt().filter(now::isAfter).isPresent();
    if (counts) {
      b.firstResponseAt(now);
    }
    if (late) {
      b.firstResponseBreached(true);
    }
    Conversation next = ConversationRows.save(tx, c, b, now);
    if (late) {
      events.add(new SlaBreached(uow.tenant(), now, next, SlaBreached.Target.FIRST_RESPONSE,
          c.firstResponseDueAt().get()));
    }
  }

  private static void requireRoutable(Conversation c, String action) {
    if (!c.status().isActive()) {
      throw new InvalidTransitionException("conversation", c.id().toString(), c.status().name(), action);
    }
    if (c.handoffPending()) {
      throw new InvalidTransitionException("conversation", c.id().toString(), "HANDOFF_PENDING", action);
    }
  }

  @Override
  public Conversation assign(ConversationId id, AgentId agentId) {
    Checks.required(id, "conversation");
    Checks.required(agentId, "agentId");
    return uow.write((tx, events) -> {
      Conversation c = ConversationRows.load(tx, id);
      Agent agent = Dispatcher.agent(tx, agentId);
      requireRoutable(c, "ASSIGNED");
      if (c.owner().equals(agent.participant())) {
        return c;
      }
      dispatcher.checkCapacity(tx, agent, c);
      Instant now = uow.now();
      Conversation next = dispatcher.assignIn(tx, events, c, agent, now, c.toBuilder());
      dispatcher.drain(tx, events, now);
      return next;
    });
  }

  @Override
  public Conversation enqueue(ConversationId id, Participant queue) {
    Checks.required(id, "conversation");
    Checks.required(queue, "queue");
    if (queue.kind() != Participant.Kind.QUEUE) {
      throw new InvalidInputException("queue", "queue must be a queue participant, was: " + queue);
    }
    return uow.write((tx, events) -> {
      Conversation c = ConversationRows.load(tx, id);
      requireRoutable(c, "QUEUED");
      Instant now = uow.now();
      Conversation.Builder b = c.toBuilder().owner(queue).queuedAt(queue.equals(c.owner()) ? c.queuedAt().orElse(now) : now);
      ConversationRows.save(tx, c, b, now);
      dispatcher.drain(tx, events, now);
      return ConversationRows.load(tx, id);
    });
  }

  @Override
  public Conversation classify(ConversationId id, Classification classification) {
    Checks.required(id, "conversation");
    Checks.required(classification, "classification");
    return uow.write((tx, events) -> {
      Conversation c = ConversationRows.load(tx, id);
      Instant now = uow.now();
      ConversationRows.save(tx, c, c.toBuilder().priority(classification.priority()).skills(classification.skills())
          .language(classification.language().orElse(null)), now);
      dispatcher.drain(tx, events, now);
      return ConversationRows.load(tx, id);
    });
  }

  @Override
  public List<Conversation> routeQueued() {
    return uow.write((tx, events) -> dispatcher.drain(tx, events, uow.now()));
  }

  @Override
  public List<Conversation> wakeSnoozed() {
    List<ConversationId> due = uow.read(tx -> tx.conversations().findSnoozeDue(uow.now(), UnitOfWork.DUE_BATCH)
        .stream().map(Conversation::id).toList());
    List<Conversation> woken = uow.eachDue(due, "wake conversation", id -> (tx, events) -> {
      Instant now = uow.now();
      Optional<Conversation> c = tx.conversations().find(id).filter(x -> x.status() == ConversationStatus.SNOOZED
          && x.snoozedUntil().filter(t -> !t.isAfter(now)).isPresent());
      if (c.isEmpty()) {
        return Optional.<Conversation>empty();
      }
      Conversation next = ConversationRows.save(tx, c.get(), c.get().toBuilder().status(ConversationStatus.OPEN)
          .snoozedUntil(null), now);
      events.add(new ConversationStatusChanged(uow.tenant(), now, next, c.get().status()));
      return Optional.of(next);
    });
    routeQueued();
    return woken;
  }

  @Override
  public List<SlaBreached> checkSla() {
    List<ConversationId> due = uow.read(tx -> tx.conversations().findSlaDue(uow.now(), UnitOfWork.DUE_BATCH)
        .stream().map(Conversation::id).toList());
    List<List<SlaBreached>> raised = uow.eachDue(due, "raise the SLA breaches of conversation",
        id -> (tx, events) -> {
          Instant now = uow.now();
          Optional<Conversation> found = tx.conversations().find(id);
          if (found.isEmpty()) {
            return Optional.<List<SlaBreached>>empty();
          }
          Conversation c = found.get();
          boolean first = c.status().isActive() && c.firstResponseAt().isEmpty() && !c.firstResponseBreached()
              && c.firstResponseDueAt().filter(t -> !t.isAfter(now)).isPresent();
          boolean resolution = c.status().isActive() && !c.resolutionBreached()
              && c.resolutionDueAt().filter(t -> !t.isAfter(now)).isPresent();
          if (!first && !resolution) {
            return Optional.<List<SlaBreached>>empty();
          }
          Conversation next = ConversationRows.save(tx, c, c.toBuilder().firstResponseBreached(c.firstResponseBreached() || first)
              .resolutionBreached(c.resolutionBreached() || resolution), now);
          List<SlaBreached> out = new ArrayList<>();
          if (first) {
            out.add(new SlaBreached(uow.tenant(), now, next, SlaBreached.Target.FIRST_RESPONSE,
                c.firstResponseDueAt().get()));
          }
          if (resolution) {
            out.add(new SlaBreached(uow.tenant(), now, next, SlaBreached.Target.RESOLUTION, c.resolutionDueAt().get()));
          }
          events.addAll(out);
          return Optional.of(out);
        });
    return raised.stream().flatMap(List::stream).toList();
  }

  @Override
  public List<Touchpoint> transcript(ConversationId id, int limit) {
    Checks.required(id, "conversation");
    if (limit < 1 || limit > 500) {
      throw new InvalidInputException("limit", "limit must be between 1 and 500, was: " + limit);
    }
    return uow.read(tx -> HandoffContexts.transcript(tx, ConversationRows.load(tx, id), limit));
  }
}
