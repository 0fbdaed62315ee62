package io.github.omnictx.core.engine.journey;

import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.engine.customer.MergeGroups;
import io.github.omnictx.core.journey.JourneyRun;
import io.github.omnictx.core.journey.RunContext;
import io.github.omnictx.core.outbound.OutboundDecision;
import io.github.omnictx.core.outbound.OutboundProgress;
import io.github.omnictx.core.spi.StoreTransaction;
import io.github.omnictx.core.timeline.DeliveryStatus;
import io.github.omnictx.core.timeline.Touchpoint;
import io.github.omnictx.core.timeline.TouchpointId;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The {@link RunContext} of a run inside its unit of work: reads what it is asked for, once. Not thread-safe. */
final class Context implements RunContext {
  private final StoreTransaction tx;
  private final Run run;
  private final Instant now;
  private @Nullable Customer customer;
  private Optional<Touchpoint> trigger = Optional.empty();
  private boolean triggerRead;

  Context(StoreTransaction tx, Run run, Instant now) {
    this.tx = tx;
    this.run = run;
    this.now = now;
  }

  @Override
  public JourneyRun run() {
    return run.view(now);
  }

  @Override
  public Customer customer() {
    Customer c = customer;
    if (c == null) {
      c = MergeGroups.live(tx, run.customer);
      customer = c;
    }
    return c;
  }

  private Optional<Touchpoint> touchpoint(String field) {
    Optional<TouchpointId> id = run.touchpoint(field);
    return id.isEmpty() ? Optional.empty() : tx.touchpoints().find(id.get());
  }

  @Override
  public Optional<Touchpoint> trigger() {
    // Read once: texts, routes and the touchpoints a step leaves all ask for it.
    if (!triggerRead) {
      trigger = touchpoint("trigger");
      triggerRead = true;
    }
    return trigger;
  }

  @Override
  public Optional<Touchpoint> event() {
    return touchpoint("event");
  }

  @Override
  public Optional<OutboundDecision> lastSend() {
    return run.decision().flatMap(d -> tx.outbound().find(d));
  }

  @Override
  public Optional<DeliveryStatus> lastSendStatus() {
    Optional<OutboundDecision> d = lastSend();
    if (d.isEmpty()) {
      return Optional.empty();
    }
    Optional<TouchpointId> tp = tx.outbound().findProgress(d.get().id()).flatMap(OutboundProgress::touchpoint)
        .or(() -> d.get().touchpoint());
    return tp.flatMap(id -> tx.touchpoints().find(id)).flatMap(Touchpoint::status);
  }

  @Override
  public Instant now() {
    return now;
  }
}
