package io.github.omnictx.core.engine.outbound;

import io.github.omnictx.core.ConcurrentUpdateException;
import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.NotFoundException;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.channel.spi.OutboundAdapter;
import io.github.omnictx.core.channel.spi.DeliveryUpdate;
import io.github.omnictx.core.conversation.Conversation;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.engine.UnitOfWork;
import io.github.omnictx.core.engine.customer.MergeGroups;
import io.github.omnictx.core.event.OmniEvent;
import io.github.omnictx.core.event.OutboundDecided;
import io.github.omnictx.core.event.OutboundFailed;
import io.github.omnictx.core.internal.Checks;
import io.github.omnictx.core.outbound.DecisionId;
import io.github.omnictx.core.outbound.DedupKeyConflictException;
import io.github.omnictx.core.outbound.Outbound;
import io.github.omnictx.core.outbound.OutboundDecision;
import io.github.omnictx.core.outbound.OutboundIntent;
import io.github.omnictx.core.outbound.OutboundPolicy;
import io.github.omnictx.core.outbound.OutboundProgress;
import io.github.omnictx.core.spi.ChannelActivity;
import io.github.omnictx.core.spi.StoreTransaction;
import io.github.omnictx.core.timeline.DeliveryStatus;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.timeline.Touchpoint;
import io.github.omnictx.core.timeline.TouchpointId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The {@link Outbound} service, and the delivery receipts that move its touchpoints. Not API. Thread-safe. */
public final class OutboundService implements Outbound {
  private final UnitOfWork uow;
  private final OutboundPolicy policy;
  private final Map<ChannelId, OutboundAdapter> senders;
  private final Plans plans;

  /**
   * @param uow the tenant's units of work
   * @param policy the tenant's outbound policy
   * @param senders the adapter that sends on each channel
   */
  public OutboundService(UnitOfWork uow, OutboundPolicy policy, Map<ChannelId, OutboundAdapter> senders) {
    this.uow = uow;
    this.policy = policy;
    this.senders = Map.copyOf(senders);
    this.plans = new Plans(uow);
  }

  /** @return the plans of this tenant's decisions, for the dispatcher */
  public Plans plans() {
    return plans;
  }

  /** @return the adapter that sends on each channel */
  public Map<ChannelId, OutboundAdapter> senders() {
    return senders;
  }

  @Override
  public OutboundPolicy policy() {
    return policy;
  }

  @Override
  public OutboundDecision send(OutboundIntent intent) {
    IntentChecks.check(intent, uow.channels());
    return uow.write((tx, events) -> decideIn(tx, events, intent));
  }

  @Override
  public OutboundDecision explain(OutboundIntent intent) {
    IntentChecks.check(intent, uow.channels());
    return uow.read(tx -> decide(tx, null, intent));
  }

  /**
   * Decides and records inside a caller's unit of work (a conversation reply that sends); the
   * intent must have passed {@link IntentChecks#check}.
   *
   * @param tx the unit of work
   * @param events where events go
   * @param intent the intent
   * @return the decision, or the first one made under its dedup key
   */
  public OutboundDecision decideIn(StoreTransaction tx, List<OmniEvent> events, OutboundIntent intent) {
    return decide(tx, events, intent);
  }

  /** Decides; records when {@code events} is given, else only answers. */
  private OutboundDecision decide(StoreTransaction tx, @Nullable List<OmniEvent> events, OutboundIntent intent) {
    String digest = intent.contentDigest();
    Optional<OutboundDecision> first = tx.outbound().findByDedupKey(intent.dedupKey());
    if (first.isPresent()) {
      if (!first.get().contentDigest().equals(digest)) {
        throw new DedupKeyConflictException(intent.dedupKey(), first.get().id());
      }
      return first.get();
    }
    Customer customer = MergeGroups.live(tx, intent.customer());
    Set<CustomerId> group = MergeGroups.group(tx, customer.id());
    if (intent.conversation().isPresent()) {
      Conversation c = tx.conversations().find(intent.conversation().get())
          .orElseThrow(() -> new NotFoundException("conversation", intent.conversation().get().toString()));
      if (!group.contains(c.customerId())) {
        throw new InvalidInputException("conversation", "conversation " + c.id() + " belongs to another customer");
      }
    }
    Instant now = uow.now();
    Map<ChannelId, ChannelActivity> activity = tx.touchpoints().activity(group,
        Decider.scanFrom(now, policy, uow.channels().values()), now.minus(policy.answerWindow()));
    Decider.Facts facts = new Decider.Facts(customer, now, policy, uow.channels(), senders.keySet(), activity,
        (purpose, from, until) -> tx.outbound().countSending(group, purpose, from, until));
    Decider.Draft draft = Decider.decide(intent, facts);
    boolean sends = draft.outcome() != OutboundDecision.Outcome.SUPPRESSED;
    @Nullable TouchpointId touchpoint = sends ? new TouchpointId(uow.ids().next()) : null;
    OutboundDecision decision = OutboundDecision.builder()
        .id(new DecisionId(uow.ids().next()))
        .customer(customer.id())
        .dedupKey(intent.dedupKey())
        .contentDigest(digest)
        .purpose(intent.purpose())
        .outcome(draft.outcome())
        .steps(draft.steps())
        .dueAt(draft.dueAt())
        .reason(draft.reason())
        .detail(draft.detail())
        .rejected(draft.rejected())
        .decidedAt(now)
        .deadline(intent.deadline().orElse(null))
        .fallback(intent.fallback())
        .conversation(intent.conversation().orElse(null))
        .touchpoint(touchpoint)
        .build();
    if (events == null) {
      return decision;
    }
    tx.outbound().insert(decision, OutboundProgress.start(decision));
    if (touchpoint != null && draft.dueAt() != null) {
      plans.startStep(tx, events, decision, 0, touchpoint, customer.id(), now, draft.dueAt());
    }
    events.add(new OutboundDecided(uow.tenant(), now, decision));
    return decision;
  }

  @Override
  public Optional<OutboundDecision> find(DecisionId id) {
    Checks.required(id, "decision");
    return uow.read(tx -> tx.outbound().find(id));
  }

  @Override
  public OutboundDecision get(DecisionId id) {
    return find(id).orElseThrow(() -> new NotFoundException("decision", id.toString()));
  }

  @Override
  public Optional<OutboundDecision> findByDedupKey(String dedupKey) {
    Checks.required(dedupKey, "dedupKey");
    return uow.read(tx -> tx.outbound().findByDedupKey(dedupKey));
  }

  @Override
  public List<OutboundDecision> ofCustomer(CustomerId customer, int limit) {
    Checks.required(customer, "customer");
    if (limit < 1 || limit > 500) {
      throw new InvalidInputException("limit", "limit must be between 1 and 500, was: " + limit);
    }
    return uow.read(tx -> tx.outbound().findByCustomers(MergeGroups.groupOf(tx, customer), limit));
  }

  @Override
  public Optional<OutboundProgress> progress(DecisionId id) {
    Checks.required(id, "decision");
    return uow.read(tx -> tx.outbound().findProgress(id));
  }

  /**
   * Applies a provider's delivery receipt: moves the outbound touchpoint the provider's message id
   * names along its one-way state machine (a receipt out of order changes nothing), and when the
   * provider reports the step in flight failed, moves the plan to its next step, all in one unit of
   * work.
   *
   * @param channel the channel the receipt came in on
   * @param update the receipt
   * @return the touchpoint as stored afterwards, empty when no touchpoint has that provider id
   */
  public Optional<Touchpoint> applyReceipt(ChannelId channel, DeliveryUpdate update) {
    Checks.required(channel, "channel");
    Checks.required(update, "update");
    return uow.write((tx, events) -> {
      Optional<Touchpoint> found = tx.touchpoints().findByExternalId(channel, update.messageId());
      boolean early = false;
      if (found.isEmpty()) {
        // The provider may answer a webhook before the dispatcher has recorded its message id: a
        // receipt that carries our key finds the step's touchpoint (still without an id) by it.
        found = update.idempotencyKey().flatMap(OutboundService::touchpointId).flatMap(tx.touchpoints()::find)
            .filter(t -> t.channel().equals(channel) && t.direction() == Direction.OUTBOUND && t.externalId().isEmpty());
        early = found.isPresent();
      }
      if (found.isEmpty()) {
        return Optional.empty();
      }
      Touchpoint tp = found.get();
      DeliveryStatus was = tp.status().orElse(null);
      if (was != null && !was.canAdvanceTo(update.status())) {
        return found;
      }
      boolean moved = early ? tx.touchpoints().markSent(tp.id(), update.messageId(), was, update.status())
          : tx.touchpoints().updateStatus(tp.id(), was, update.status());
      if (!moved) {
        throw new ConcurrentUpdateException("touchpoint " + tp.id() + " status changed concurrently from " + was);
      }
      if (update.status() == DeliveryStatus.FAILED) {
        onFailedReceipt(tx, events, tp, update);
      }
      return Optional.of(tp.toBuilder().status(update.status()).build());
    });
  }

  private static Optional<TouchpointId> touchpointId(String key) {
    try {
      return Optional.of(TouchpointId.of(key));
    } catch (IllegalArgumentException notOurs) {
      return Optional.empty();
    }
  }

  private void onFailedReceipt(StoreTransaction tx, List<OmniEvent> events, Touchpoint tp, DeliveryUpdate update) {
    Optional<DecisionId> decision = tp.payload().path("outbound").path("decision").isTextual()
        ? Optional.of(DecisionId.of(tp.payload().path("outbound").path("decision").asText())) : Optional.empty();
    int step = tp.payload().path("outbound").path("step").asInt(-1);
    if (decision.isEmpty()) {
      return;
    }
    Optional<Plans.Stored> stored = Plans.load(tx, decision.get());
    if (stored.isEmpty() || stored.get().progress().step() != step
        || stored.get().progress().state() != OutboundProgress.State.SENT) {
      return;
    }
    Instant now = uow.now();
    String detail = tp.channel() + ": provider reported failed" + update.errorCode().map(c -> " (code " + c + ")").orElse("")
        + update.errorMessage().map(m -> ": " + m).orElse("");
    plans.moveOn(tx, events, stored.get().decision(), stored.get().progress(), detail, now);
    events.add(new OutboundFailed(uow.tenant(), now, decision.get(), step, tp.channel(), "RECEIPT", false, detail));
  }
}
