package io.github.omnictx.core.engine.outbound;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.omnictx.core.engine.UnitOfWork;
import io.github.omnictx.core.engine.customer.MergeGroups;
import io.github.omnictx.core.event.OmniEvent;
import io.github.omnictx.core.event.TouchpointRecorded;
import io.github.omnictx.core.outbound.OutboundDecision;
import io.github.omnictx.core.outbound.OutboundProgress;
import io.github.omnictx.core.outbound.OutboundProgress.State;
import io.github.omnictx.core.outbound.OutboundStep;
import io.github.omnictx.core.spi.StoreTransaction;
import io.github.omnictx.core.spi.TouchpointRepository.Appended;
import io.github.omnictx.core.timeline.DeliveryStatus;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.timeline.Touchpoint;
import io.github.omnictx.core.timeline.TouchpointId;
import io.github.omnictx.core.timeline.TouchpointType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A decision's plan inside a unit of work: starting a step (its outbound touchpoint at {@code
 * QUEUED} and its outbox row), and moving on to the next step when one ended without a send. Not
 * API. Thread-safe (stateless apart from the unit of work it is bound to).
 */
public final class Plans {
  private final UnitOfWork uow;

  /**
   * @param uow the tenant's units of work
   */
  public Plans(UnitOfWork uow) {
    this.uow = uow;
  }

  /** @return the tenant's units of work */
  UnitOfWork uow() {
    return uow;
  }

  /**
   * Records a step's outbound touchpoint (status {@code QUEUED}, in the decision's conversation)
   * and the outbox row that sends it.
   *
   * @param tx the unit of work
   * @param events where events go
   * @param d the decision
   * @param step the step's index
   * @param touchpoint the touchpoint's id (the provider's idempotency key for the step)
   * @param owner the live customer the touchpoint is recorded for
   * @param now the time
   * @param dueAt when the row is due
   */
  void startStep(StoreTransaction tx, List<OmniEvent> events, OutboundDecision d, int step, TouchpointId touchpoint,
      io.github.omnictx.core.customer.CustomerId owner, Instant now, Instant dueAt) {
    OutboundStep s = d.steps().get(step);
    Touchpoint t = stepTouchpoint(d, s, touchpoint, owner, now);
    Appended a = tx.touchpoints().append(t);
    if (a.inserted()) {
      events.add(new TouchpointRecorded(uow.tenant(), now, t));
    }
    tx.outbox().enqueue(OutboxPayload.send(uow.ids().next(), uow.tenant(), d, s, touchpoint, now, dueAt));
  }

  /**
   * The touchpoint a step records: an outbound {@code message} at {@code QUEUED} with the text (or
   * template) in its payload and, under {@code outbound}, the decision, step, dedup key and purpose.
   */
  static Touchpoint stepTouchpoint(OutboundDecision d, OutboundStep s, TouchpointId id,
      io.github.omnictx.core.customer.CustomerId customer, Instant now) {
    ObjectNode payload = JsonNodeFactory.instance.objectNode();
    s.text().ifPresent(text -> payload.put("text", text));
    s.template().ifPresent(t -> {
      ObjectNode o = payload.putObject("template").put("name", t.name()).put("language", t.language());
      ArrayNode p = o.putArray("parameters");
      t.parameters().forEach(p::add);
    });
    payload.putObject("outbound").put("decision", d.id().toString()).put("step", s.index())
        .put("dedupKey", d.dedupKey()).put("purpose", d.purpose().name());
    return Touchpoint.builder().id(id).customerId(customer).channel(s.channel()).type(TouchpointType.MESSAGE)
        .direction(Direction.OUTBOUND).occurredAt(now).recordedAt(now).conversationId(d.conversation().orElse(null))
        .payload(payload).status(DeliveryStatus.QUEUED).build();
  }

  /**
   * Ends the step in flight without a send the customer got, and starts the next step of the plan
   * (due now), or marks the plan failed when there is none.
   *
   * @param tx the unit of work
   * @param events where events go
   * @param d the decision
   * @param p its progress as read
   * @param why what ended the step, kept as the last error
   * @param now the time
   * @return the progress written
   * @throws io.github.omnictx.core.ConcurrentUpdateException if the progress changed since it was read
   */
  OutboundProgress moveOn(StoreTransaction tx, List<OmniEvent> events, OutboundDecision d, OutboundProgress p, String why,
      Instant now) {
    int next = p.step() + 1;
    OutboundProgress written;
    if (next < d.steps().size()) {
      TouchpointId tp = new TouchpointId(uow.ids().next());
      // The customer may have been merged since the decision: the step is recorded for the survivor.
      startStep(tx, events, d, next, tp, MergeGroups.live(tx, d.customer()).id(), now, now);
      written = p.next(next, State.PENDING, Optional.of(tp), Optional.of(why), now);
    } else {
      written = p.next(p.step(), State.FAILED, p.touchpoint(), Optional.of(why), now);
    }
    tx.outbound().updateProgress(written, p.version());
    return written;
  }

  /**
   * Reads a decision and its progress.
   *
   * @param tx the unit of work
   * @param id the decision
   * @return both, empty when the decision is not in this tenant
   */
  static Optional<Stored> load(StoreTransaction tx, io.github.omnictx.core.outbound.DecisionId id) {
    Optional<OutboundDecision> d = tx.outbound().find(id);
    if (d.isEmpty()) {
      return Optional.empty();
    }
    return tx.outbound().findProgress(id).map(p -> new Stored(d.get(), p));
  }

  /**
   * A decision with its progress.
   *
   * @param decision the decision
   * @param progress its progress
   */
  record Stored(OutboundDecision decision, OutboundProgress progress) {}
}
