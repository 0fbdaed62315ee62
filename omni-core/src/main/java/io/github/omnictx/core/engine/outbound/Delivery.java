package io.github.omnictx.core.engine.outbound;

import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.channel.spi.OutboundAdapter;
import io.github.omnictx.core.channel.spi.DeliveryException;
import io.github.omnictx.core.channel.spi.OutboundMessage;
import io.github.omnictx.core.channel.spi.SendReceipt;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.engine.UnitOfWork;
import io.github.omnictx.core.engine.customer.MergeGroups;
import io.github.omnictx.core.event.CustomerUpdated;
import io.github.omnictx.core.event.IdentityUnlinked;
import io.github.omnictx.core.event.OmniEvent;
import io.github.omnictx.core.event.OutboundFailed;
import io.github.omnictx.core.event.OutboundSent;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.IdentityKind;
import io.github.omnictx.core.outbound.DispatcherSettings;
import io.github.omnictx.core.outbound.OutboundDecision;
import io.github.omnictx.core.outbound.OutboundProgress;
import io.github.omnictx.core.outbound.OutboundProgress.State;
import io.github.omnictx.core.outbound.OutboundStep;
import io.github.omnictx.core.outbound.SuppressionReason;
import io.github.omnictx.core.spi.OutboxRow;
import io.github.omnictx.core.spi.StoreTransaction;
import io.github.omnictx.core.timeline.DeliveryStatus;
import io.github.omnictx.core.timeline.Touchpoint;
import io.github.omnictx.core.timeline.TouchpointId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.Objects;

/**
 * What the dispatcher does with one claimed outbound row of a tenant: re-read and re-check the step
 * (a read), call the provider outside any transaction, and record the outcome in one unit of work
 * fenced by the claimed version. Not API. Thread-safe.
 */
public final class Delivery {
  private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);

  /** What became of a row. */
  public enum Result {
    /** The provider accepted the step. */
    SENT,
    /** The attempt failed and the row waits for another. */
    RETRIED,
    /** The step failed for good; the plan moved on or ended. */
    FAILED,
    /** The row ended without a provider call. */
    FINISHED,
    /** Another dispatcher took the row over; nothing was recorded. */
    LOST
  }

  /**
   * What happened to a row, for the dispatcher's counters.
   *
   * @param result what became of it
   * @param channel the step's channel, if known
   */
  public record Outcome(Result result, Optional<ChannelId> channel) {}

  /** The work for outbox rows of another aggregate type than outbound's (a journey's timers). */
  @FunctionalInterface
  public interface RowWork {
    /**
     * @param row the row as claimed
     * @param settings the dispatcher's settings
     * @return what became of it
     */
    Outcome process(OutboxRow row, DispatcherSettings settings);
  }

  private final UnitOfWork uow;
  private final Plans plans;
  private final Map<ChannelId, OutboundAdapter> senders;
  private final Map<String, RowWork> others;

  /**
   * @param outbound the tenant's outbound service
   */
  public Delivery(OutboundService outbound) {
    this(outbound, Map.of());
  }

  /**
   * @param outbound the tenant's outbound service
   * @param others the work for rows of other aggregate types, by aggregate type
   */
  public Delivery(OutboundService outbound, Map<String, RowWork> others) {
    this.plans = outbound.plans();
    this.uow = plans.uow();
    this.senders = outbound.senders();
    this.others = Map.copyOf(others);
  }

  /** The step to send, as the re-read found it, or why it ends without a call. */
  private record Prepared(OutboundDecision decision, OutboundProgress progress, OutboundStep step,
      Optional<OutboundMessage> message, Optional<SuppressionReason> ended, String why) {}

  /** A provider call's outcome. */
  private record Call(Optional<SendReceipt> receipt, String reason, boolean retryable, Optional<Duration> retryAfter,
      String detail) {}

  /**
   * Processes one claimed row of this tenant.
   *
   * @param row the row as claimed
   * @param settings the dispatcher's settings
   * @return what became of it
   */
  public Outcome process(OutboxRow row, DispatcherSettings settings) {
    @org.jspecify.annotations.Nullable RowWork other = others.get(row.aggregateType());
    if (other != null) {
      return other.process(row, settings);
    }
    Optional<OutboxPayload.Work> work = OutboxPayload.read(row);
    try {
      if (work.isEmpty()) {
        // Written by a newer node, perhaps: left for a dispatcher that can read it, an hour from now.
        LOG.warn("outbox row {} of tenant {} is not an outbound row this node can read ({} {}); put back for an hour",
            row.id(), row.tenant(), row.aggregateType(), row.type());
        uow.write((tx, events) -> {
          if (!tx.outbox().reschedule(row.id(), row.version(), uow.now().plus(Duration.ofHours(1)),
              "no handler for " + row.aggregateType() + " " + row.type() + " on this node")) {
            throw new LostClaim(row.id(), row.version());
          }
          return true;
        });
        return new Outcome(Result.FINISHED, Optional.empty());
      }
      if (work.get().awaits().isPresent()) {
        return uow.write((tx, events) -> timer(tx, events, row, work.get()));
      }
      Optional<Prepared> prepared = uow.read(tx -> prepare(tx, work.get()));
      if (prepared.isEmpty() || prepared.get().message().isEmpty()) {
        return uow.write((tx, events) -> end(tx, events, row, work.get(), prepared));
      }
      Prepared p = prepared.get();
      Call call = call(p.step().channel(), p.message().get(), settings.callTimeout());
      return uow.write((tx, events) -> record(tx, events, row, p, call, settings));
    } catch (LostClaim e) {
      LOG.info("{}", e.getMessage());
      return new Outcome(Result.LOST, Optional.empty());
    }
  }

  private static void fence(StoreTransaction tx, OutboxRow row) {
    if (!tx.outbox().complete(row.id(), row.version())) {
      throw new LostClaim(row.id(), row.version());
    }
  }

  /** Re-reads the step and re-checks what may have changed since the decision. */
  private Optional<Prepared> prepare(StoreTransaction tx, OutboxPayload.Work w) {
    Optional<Plans.Stored> stored = Plans.load(tx, w.decision());
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    OutboundDecision d = stored.get().decision();
    OutboundProgress p = stored.get().progress();
    if (p.step() != w.step() || p.state() != State.PENDING || w.step() >= d.steps().size()) {
      return Optional.empty();
    }
    OutboundStep step = d.steps().get(w.step());
    Instant now = uow.now();
    if (d.deadline().isPresent() && now.isAfter(d.deadline().get())) {
      return ended(d, p, step, SuppressionReason.DEADLINE_PASSED, "the deadline " + d.deadline().get() + " passed");
    }
    Customer customer = MergeGroups.live(tx, d.customer());
    Optional<String> consent = ChannelRules.consent(uow.channel(step.channel()), d.purpose(), customer)
        .map(v -> v.detail());
    if (consent.isPresent()) {
      return ended(d, p, step, SuppressionReason.NO_CONSENT, consent.get());
    }
    if (!customer.identities().contains(step.address())) {
      return ended(d, p, step, SuppressionReason.NO_ADDRESS, "the customer no longer holds " + step.address());
    }
    OutboundMessage message = new OutboundMessage(step.address(), step.text(), List.of(), step.template(),
        w.touchpoint().toString());
    return Optional.of(new Prepared(d, p, step, Optional.of(message), Optional.empty(), ""));
  }

  private static Optional<Prepared> ended(OutboundDecision d, OutboundProgress p, OutboundStep step,
      SuppressionReason reason, String why) {
    return Optional.of(new Prepared(d, p, step, Optional.empty(), Optional.of(reason), why));
  }

  /** The provider call, outside any transaction: every failure classified, nothing thrown. */
  private Call call(ChannelId channel, OutboundMessage message, Duration timeout) {
    OutboundAdapter adapter = senders.get(channel);
    if (adapter == null) {
      return new Call(Optional.empty(), DeliveryException.Reason.NOT_ATTEMPTED.name(), true, Optional.empty(),
          "no adapter on this node sends on " + channel);
    }
    try {
      SendReceipt receipt = ProviderCalls.send(adapter, message, timeout);
      if (receipt == null) {
        return new Call(Optional.empty(), DeliveryException.Reason.TEMPORARY.name(), true, Optional.empty(),
            adapter.id() + " returned no receipt");
      }
      return new Call(Optional.of(receipt), "", false, Optional.empty(), "");
    } catch (ProviderCalls.NoAnswer e) {
      return new Call(Optional.empty(), DeliveryException.Reason.TEMPORARY.name(), true, Optional.empty(),
          adapter.id() + ": " + e.getMessage());
    } catch (DeliveryException e) {
      return new Call(Optional.empty(), e.reason().name(), e.retryable(), e.retryAfter(),
          Objects.requireNonNullElse(e.getMessage(), e.reason().name()));
    } catch (UnsupportedOperationException e) {
      return new Call(Optional.empty(), DeliveryException.Reason.REJECTED.name(), false, Optional.empty(),
          adapter.id() + " cannot send: " + e.getMessage());
    } catch (RuntimeException e) {
      // A garbage answer the adapter did not classify, a bug in it: retried, the idempotency key
      // makes a repeat harmless where the provider honours it.
      return new Call(Optional.empty(), DeliveryException.Reason.TEMPORARY.name(), true, Optional.empty(),
          adapter.id() + " threw " + e);
    }
  }

  private Outcome end(StoreTransaction tx, List<OmniEvent> events, OutboxRow row, OutboxPayload.Work w,
      Optional<Prepared> prepared) {
    fence(tx, row);
    if (prepared.isEmpty()) {
      return new Outcome(Result.FINISHED, Optional.empty());
    }
    // Re-read inside the write: the read above was not part of this unit of work.
    Optional<Plans.Stored> stored = Plans.load(tx, w.decision());
    Prepared p = prepared.get();
    if (stored.isEmpty() || stored.get().progress().version() != p.progress().version()) {
      return new Outcome(Result.FINISHED, Optional.of(p.step().channel()));
    }
    Instant now = uow.now();
    ChannelId channel = p.step().channel();
    String why = channel + ": " + p.ended().orElseThrow() + ": " + p.why();
    failTouchpoint(tx, w.touchpoint());
    OutboundProgress progress = p.progress();
    if (p.ended().get() == SuppressionReason.DEADLINE_PASSED) {
      tx.outbound().updateProgress(progress.next(progress.step(), State.FAILED, progress.touchpoint(), Optional.of(why),
          now), progress.version());
    } else {
      plans.moveOn(tx, events, p.decision(), progress, why, now);
    }
    events.add(new OutboundFailed(uow.tenant(), now, p.decision().id(), p.step().index(), channel,
        p.ended().get().name(), false, why));
    return new Outcome(Result.FINISHED, Optional.of(channel));
  }

  private static void failTouchpoint(StoreTransaction tx, TouchpointId id) {
    Optional<Touchpoint> tp = tx.touchpoints().find(id);
    DeliveryStatus was = tp.flatMap(Touchpoint::status).orElse(null);
    if (tp.isPresent() && (was == null || was.canAdvanceTo(DeliveryStatus.FAILED))) {
      tx.touchpoints().updateStatus(id, was, DeliveryStatus.FAILED);
    }
  }

  private Outcome record(StoreTransaction tx, List<OmniEvent> events, OutboxRow row, Prepared p, Call call,
      DispatcherSettings settings) {
    Instant now = uow.now();
    OutboundStep step = p.step();
    TouchpointId tp = TouchpointId.of(p.message().orElseThrow().idempotencyKey());
    boolean failedReceipt = call.receipt().filter(r -> r.status() == DeliveryStatus.FAILED).isPresent();
    if (call.receipt().isPresent() && !failedReceipt) {
      fence(tx, row);
      SendReceipt receipt = call.receipt().get();
      markSent(tx, tp, step.channel(), receipt);
      Optional<OutboundProgress> current = tx.outbound().findProgress(p.decision().id());
      if (current.isPresent() && current.get().step() == step.index() && current.get().state() == State.PENDING) {
        OutboundProgress sent = current.get().next(step.index(), State.SENT, Optional.of(tp), Optional.empty(), now);
        tx.outbound().updateProgress(sent, current.get().version());
        Optional<Duration> timer = p.decision().fallback().timer();
        if (tx.touchpoints().find(tp).flatMap(Touchpoint::status).orElse(DeliveryStatus.SENT) == DeliveryStatus.FAILED) {
          // A failed receipt overtook this record (found by our key): the plan moves on as it would have.
          String why = step.channel() + ": provider reported failed before the send was recorded";
          plans.moveOn(tx, events, p.decision(), sent, why, now);
          events.add(new OutboundFailed(uow.tenant(), now, p.decision().id(), step.index(), step.channel(), "RECEIPT",
              false, why));
        } else if (timer.isPresent() && step.index() + 1 < p.decision().steps().size()) {
          DeliveryStatus awaits = p.decision().fallback().unlessReadWithin().isPresent()
              ? DeliveryStatus.READ : DeliveryStatus.DELIVERED;
          tx.outbox().enqueue(OutboxPayload.timer(uow.ids().next(), uow.tenant(), p.decision(), step, tp, awaits, now,
              now.plus(timer.get())));
        }
      }
      events.add(new OutboundSent(uow.tenant(), now, p.decision().id(), step.index(), step.channel(), tp,
          receipt.messageId()));
      return new Outcome(Result.SENT, Optional.of(step.channel()));
    }
    String reason = failedReceipt ? DeliveryException.Reason.REJECTED.name() : call.reason();
    String detail = failedReceipt ? "the provider answered status FAILED" : call.detail();
    String why = step.channel() + ": " + reason + ": " + detail;
    int attempts = row.attempts() + 1;
    if (call.retryable() && attempts < settings.maxAttempts()) {
      Instant due = now.plus(backoff(attempts, call.retryAfter(), settings));
      if (!tx.outbox().reschedule(row.id(), row.version(), due, why)) {
        throw new LostClaim(row.id(), row.version());
      }
      Optional<OutboundProgress> current = tx.outbound().findProgress(p.decision().id());
      if (current.isPresent()) {
        OutboundProgress c = current.get();
        tx.outbound().updateProgress(c.next(c.step(), c.state(), c.touchpoint(), Optional.of(why + " (attempt "
            + attempts + ", next at " + due + ")"), now), c.version());
      }
      events.add(new OutboundFailed(uow.tenant(), now, p.decision().id(), step.index(), step.channel(), reason, true,
          detail));
      return new Outcome(Result.RETRIED, Optional.of(step.channel()));
    }
    fence(tx, row);
    failTouchpoint(tx, tp);
    if (DeliveryException.Reason.RECIPIENT_UNREACHABLE.name().equals(reason)
        && step.address().kind() == IdentityKind.DEVICE) {
      forgetDevice(tx, events, p.decision(), step.address(), why, now);
    }
    Optional<Plans.Stored> stored = Plans.load(tx, p.decision().id());
    if (stored.isPresent() && stored.get().progress().step() == step.index()
        && stored.get().progress().state() == State.PENDING) {
      plans.moveOn(tx, events, stored.get().decision(), stored.get().progress(),
          call.retryable() ? why + " (gave up after " + attempts + " attempts)" : why, now);
    }
    events.add(new OutboundFailed(uow.tenant(), now, p.decision().id(), step.index(), step.channel(), reason, false,
        detail));
    return new Outcome(Result.FAILED, Optional.of(step.channel()));
  }

  /**
   * A device the provider calls gone for good (a push token of an uninstalled app: FCM {@code
   * UNREGISTERED}) identifies no one any more, so it leaves the customer in the same unit of work and
   * later decisions no longer choose it. Other kinds stay: a phone one channel cannot reach is still
   * the customer's number.
   */
  private void forgetDevice(StoreTransaction tx, List<OmniEvent> events, OutboundDecision d, Identity device,
      String why, Instant now) {
    Customer c = MergeGroups.live(tx, d.customer());
    if (!c.identities().contains(device)) {
      return;
    }
    Customer next = c.toBuilder().removeIdentity(device).version(c.version() + 1)
        .updatedAt(now.isAfter(c.updatedAt()) ? now : c.updatedAt()).build();
    tx.customers().update(next, c.version());
    LOG.info("a DEVICE identity of customer {} was unlinked: {}", c.id(), why);
    events.add(new IdentityUnlinked(uow.tenant(), now, next.id(), device));
    events.add(new CustomerUpdated(uow.tenant(), now, next));
  }

  /** Sets the provider's id and status on the step's touchpoint, unless another touchpoint holds that id. */
  private static void markSent(StoreTransaction tx, TouchpointId tp, ChannelId channel, SendReceipt receipt) {
    Optional<Touchpoint> current = tx.touchpoints().find(tp);
    if (current.isEmpty()) {
      return;
    }
    DeliveryStatus was = current.get().status().orElse(null);
    DeliveryStatus reported = receipt.status() == DeliveryStatus.QUEUED ? DeliveryStatus.SENT : receipt.status();
    DeliveryStatus next = was == null || was.canAdvanceTo(reported) ? reported : was;
    Optional<Touchpoint> holder = tx.touchpoints().findByExternalId(channel, receipt.messageId());
    boolean heldElsewhere = holder.isPresent() && !holder.get().id().equals(tp);
    if (heldElsewhere) {
      LOG.warn("provider message id {} on {} is held by touchpoint {}; touchpoint {} keeps none", receipt.messageId(),
          channel, holder.get().id(), tp);
    }
    if (!heldElsewhere && current.get().externalId().isEmpty()) {
      tx.touchpoints().markSent(tp, receipt.messageId(), was, next);
    } else if (next != was) {
      tx.touchpoints().updateStatus(tp, was, next);
    }
  }

  private static Duration backoff(int attempts, Optional<Duration> retryAfter, DispatcherSettings s) {
    if (retryAfter.isPresent() && !retryAfter.get().isNegative()) {
      return retryAfter.get().compareTo(Duration.ofDays(1)) > 0 ? Duration.ofDays(1) : retryAfter.get();
    }
    long initial = s.initialBackoff().toMillis();
    long max = s.maxBackoff().toMillis();
    long capped = Math.min(max, initial << Math.min(attempts - 1, 30));
    long half = Math.max(1, capped / 2);
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(capped - half + 1));
  }

  /** A timer ran out: move on unless the step got as far as it had to. */
  private Outcome timer(StoreTransaction tx, List<OmniEvent> events, OutboxRow row, OutboxPayload.Work w) {
    fence(tx, row);
    Optional<Plans.Stored> stored = Plans.load(tx, w.decision());
    if (stored.isEmpty()) {
      return new Outcome(Result.FINISHED, Optional.empty());
    }
    OutboundProgress p = stored.get().progress();
    OutboundDecision d = stored.get().decision();
    if (p.step() != w.step() || p.state() != State.SENT || w.step() >= d.steps().size()) {
      return new Outcome(Result.FINISHED, Optional.empty());
    }
    ChannelId channel = d.steps().get(w.step()).channel();
    DeliveryStatus status = tx.touchpoints().find(w.touchpoint()).flatMap(Touchpoint::status).orElse(DeliveryStatus.SENT);
    DeliveryStatus awaits = w.awaits().orElseThrow();
    if (status == DeliveryStatus.FAILED || status.rank() >= awaits.rank()) {
      return new Outcome(Result.FINISHED, Optional.of(channel));
    }
    Instant now = uow.now();
    String why = channel + ": not " + awaits.name().toLowerCase(java.util.Locale.ROOT) + " within "
        + d.fallback().timer().map(Duration::toString).orElse("the timer") + " (status " + status + ")";
    plans.moveOn(tx, events, d, p, why, now);
    events.add(new OutboundFailed(uow.tenant(), now, d.id(), w.step(), channel, "NO_RESPONSE", false, why));
    return new Outcome(Result.FINISHED, Optional.of(channel));
  }
}
