package io.github.omnictx.core.engine.journey;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.NotFoundException;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.conversation.AgentId;
import io.github.omnictx.core.conversation.Conversation;
import io.github.omnictx.core.conversation.ConversationId;
import io.github.omnictx.core.conversation.Participant;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.engine.UnitOfWork;
import io.github.omnictx.core.engine.customer.MergeGroups;
import io.github.omnictx.core.engine.outbound.IntentChecks;
import io.github.omnictx.core.engine.outbound.OutboundService;
import io.github.omnictx.core.engine.routing.Dispatcher;
import io.github.omnictx.core.event.ConversationOpened;
import io.github.omnictx.core.event.OmniEvent;
import io.github.omnictx.core.journey.Journey;
import io.github.omnictx.core.journey.JourneyRun.Status;
import io.github.omnictx.core.journey.JourneyStep;
import io.github.omnictx.core.loyalty.Loyalty;
import io.github.omnictx.core.loyalty.LoyaltyEntry;
import io.github.omnictx.core.loyalty.LoyaltyPoints;
import io.github.omnictx.core.outbound.OutboundDecision;
import io.github.omnictx.core.outbound.OutboundIntent;
import io.github.omnictx.core.spi.OutboxRow;
import io.github.omnictx.core.spi.StoreTransaction;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.timeline.Touchpoint;
import io.github.omnictx.core.timeline.NewTouchpoint;
import io.github.omnictx.core.timeline.TouchpointType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs a run's steps from where it stands until it waits or ends, inside the caller's unit of
 * work. Touchpoints the steps leave (notes, awards) are collected, to be recorded after the run is
 * saved. Not API. Thread-safe.
 */
final class Steps {
  /** How many steps one unit of work runs at most without a wait: a branch circling forever ends the run. */
  static final int MAX_STEPS = 200;

  /** A step that can never succeed, with the reason the run records. */
  static final class StepFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StepFailed(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final UnitOfWork uow;
  private final OutboundService outbound;
  private final Dispatcher dispatcher;
  private final Optional<Loyalty> loyalty;

  Steps(UnitOfWork uow, OutboundService outbound, Dispatcher dispatcher, Optional<Loyalty> loyalty) {
    this.uow = uow;
    this.outbound = outbound;
    this.dispatcher = dispatcher;
    this.loyalty = loyalty;
  }

  /**
   * Runs steps until the run waits or ends.
   *
   * @param produced where the touchpoints the steps leave go
   */
  void advance(StoreTransaction tx, List<OmniEvent> events, Run run, Instant now, List<NewTouchpoint> produced) {
    List<JourneyStep> steps = run.journey.steps();
    for (int n = 0; run.status == Status.ACTIVE; n++) {
      if (run.step >= steps.size()) {
        run.end(Status.COMPLETED, "went through every step");
        return;
      }
      if (n >= MAX_STEPS) {
        run.end(Status.FAILED, "ran " + MAX_STEPS + " steps without waiting: a branch goes round in a circle");
        return;
      }
      JourneyStep step = steps.get(run.step);
      try {
        if (!one(tx, events, run, step, now, produced)) {
          return;
        }
      } catch (StepFailed | InvalidInputException | NotFoundException
          | IllegalArgumentException | IllegalStateException e) {
        run.end(Status.FAILED, "step " + run.step + " (" + step.describe() + ") can never succeed: " + e.getMessage());
        return;
      }
    }
  }

  /** Runs one step; false when the run now waits or ended. */
  private boolean one(StoreTransaction tx, List<OmniEvent> events, Run run, JourneyStep step, Instant now,
      List<NewTouchpoint> produced) {
    Context ctx = new Context(tx, run, now);
    if (step instanceof JourneyStep.Wait w) {
      schedule(tx, run, now, now.plus(w.duration()));
      return false;
    } else if (step instanceof JourneyStep.WaitForEvent w) {
      run.context.put("waitFrom", now.toString());
      run.context.remove("event");
      schedule(tx, run, now, now.plus(w.timeout()));
      return false;
    } else if (step instanceof JourneyStep.Send s) {
      send(tx, events, run, ctx, s);
    } else if (step instanceof JourneyStep.Branch b) {
      if (user("the branch condition", () -> b.condition().test(ctx))) {
        run.log("branch to " + b.label());
        run.step = run.journey.step(b.label()).orElseThrow();
        return true;
      }
    } else if (step instanceof JourneyStep.End e) {
      run.end(Status.COMPLETED, e.reason());
      return false;
    } else if (step instanceof JourneyStep.OpenConversation o) {
      open(tx, events, run, ctx, o, now, produced);
    } else if (step instanceof JourneyStep.AwardPoints a) {
      String key = "journey:" + run.id + ":" + run.step;
      LoyaltyEntry entry = loyalty().award(uow.tenant(), run.customer, a.points(), a.reason(), key);
      (run.context.get("awards") instanceof ObjectNode o ? o : run.context.putObject("awards"))
          .put(Integer.toString(run.step), key);
      produced.add(loyaltyTouchpoint(run, ctx, LoyaltyPoints.AWARD, entry, now));
      run.log("awarded " + entry.points() + " points");
    } else if (step instanceof JourneyStep.ReversePoints r) {
      int awardStep = run.journey.step(r.awardLabel()).orElseThrow();
      String key = run.context.path("awards").path(Integer.toString(awardStep)).asText("");
      Optional<LoyaltyEntry> reversed = key.isEmpty() ? Optional.empty() : loyalty().reverse(uow.tenant(), key);
      reversed.ifPresent(entry -> produced.add(loyaltyTouchpoint(run, ctx, LoyaltyPoints.REVERSAL, entry, now)));
      run.log(reversed.map(e -> "reversed " + e.points() + " points").orElse("no points to reverse"));
    } else if (step instanceof JourneyStep.Note note) {
      String text = user("the note", () -> note.text().apply(ctx));
      produced.add(note(run, ctx, text, Optional.empty(), now));
      run.log("noted");
    }
    run.step++;
    return true;
  }

  private Loyalty loyalty() {
    return loyalty.orElseThrow(() -> new IllegalStateException("no loyalty system is registered"));
  }

  private void send(StoreTransaction tx, List<OmniEvent> events, Run run, Context ctx, JourneyStep.Send s) {
    String text = user("the text", () -> s.text().apply(ctx));
    OutboundIntent.Builder b = OutboundIntent.builder(run.customer, s.purpose(),
        "journey:" + run.id + ":" + run.step + ":" + run.waits()).text(text);
    if (!s.channels().isEmpty()) {
      b.channels(s.channels());
    }
    OutboundIntent intent = b.build();
    IntentChecks.check(intent, uow.channels());
    OutboundDecision d = outbound.decideIn(tx, events, intent);
    run.context.put("decision", d.id().toString());
    run.log(d.outcome() + d.channel().map(c -> " on " + c).orElse("")
        + d.reason().map(r -> " (" + r + ": " + d.detail() + ")").orElse(""));
  }

  /** Opens (or joins) the run's conversation with the customer and hands it to the routing. */
  private void open(StoreTransaction tx, List<OmniEvent> events, Run run, Context ctx, JourneyStep.OpenConversation o,
      Instant now, List<NewTouchpoint> produced) {
    Participant to = user("the route", () -> o.routeTo().apply(ctx));
    String text = user("the note", () -> o.note().apply(ctx));
    Customer live = ctx.customer();
    String topic = "journey:" + run.journey.name();
    Optional<Conversation> active = tx.conversations().findByCustomers(MergeGroups.group(tx, live.id())).stream()
        .filter(c -> c.status().isActive() && c.topic().filter(topic::equals).isPresent()).findFirst();
    Conversation c;
    if (active.isPresent()) {
      c = active.get();
      run.log("joined open conversation " + c.id());
    } else {
      // Like an inbound first message: the customer row's version makes two openings conflict.
      tx.customers().update(live.toBuilder().version(live.version() + 1).build(), live.version());
      Conversation.Builder cb = Conversation.builder(new ConversationId(uow.ids().next()), live.id(), o.channel(), to, now)
          .priority(o.priority()).topic(topic).lastChannel(o.channel());
      if (to.kind() == Participant.Kind.QUEUE) {
        cb.queuedAt(now);
      }
      c = cb.build();
      tx.conversations().insert(c);
      events.add(new ConversationOpened(uow.tenant(), now, c));
      if (to.kind() == Participant.Kind.AGENT) {
        c = dispatcher.assignIn(tx, events, c, Dispatcher.agent(tx, new AgentId(to.id())), now, c.toBuilder());
      } else if (to.kind() == Participant.Kind.QUEUE) {
        dispatcher.drain(tx, events, now);
      }
      run.log("opened conversation " + c.id() + " for " + to);
    }
    run.context.put("conversation", c.id().toString());
    produced.add(note(run, ctx, text, Optional.of(c.id()), now));
  }

  private void schedule(StoreTransaction tx, Run run, Instant now, Instant due) {
    int waits = run.waits() + 1;
    run.context.put("waits", waits);
    run.waitingUntil = due;
    ObjectNode p = JsonNodeFactory.instance.objectNode().put("tenant", uow.tenant().value()).put("run", run.id.toString())
        .put("journey", run.journey.name()).put("step", run.step).put("waits", waits);
    tx.outbox().enqueue(OutboxRow.pending(uow.ids().next(), uow.tenant(), JourneyEngine.AGGREGATE_TYPE,
        run.customer.toString(), JourneyEngine.TIMER, p, now, due));
    run.log("waits until " + due);
  }

  private NewTouchpoint note(Run run, Context ctx, String text, Optional<ConversationId> conversation, Instant now) {
    ObjectNode p = JsonNodeFactory.instance.objectNode().put("text", text).put("journey", run.journey.name())
        .put("run", run.id.toString());
    NewTouchpoint.Builder b = base(ctx, Journey.NOTE, now).payload(p);
    conversation.ifPresent(b::conversation);
    return b.build();
  }

  private NewTouchpoint loyaltyTouchpoint(Run run, Context ctx, TouchpointType type, LoyaltyEntry e, Instant now) {
    ObjectNode p = JsonNodeFactory.instance.objectNode().put("points", e.points()).put("reason", e.reason())
        .put("key", e.key()).put("journey", run.journey.name());
    return base(ctx, type, now).payload(p).build();
  }

  /** Notes and awards go on the trigger's channel (the web shop for a date trigger). */
  private static NewTouchpoint.Builder base(Context ctx, TouchpointType type, Instant now) {
    ChannelId channel = ctx.trigger().map(Touchpoint::channel).orElse(Channels.WEB.id());
    return NewTouchpoint.builder(ctx.customer().id(), channel, type).direction(Direction.INTERNAL).occurredAt(now);
  }

  /** Calls the journey's own code: what it throws ends the run with the reason, it is never retried. */
  static <T> T user(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      throw new StepFailed(what + " threw " + e, e);
    }
  }
}
