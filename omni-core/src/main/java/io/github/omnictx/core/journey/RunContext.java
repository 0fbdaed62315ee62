package io.github.omnictx.core.journey;

import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.outbound.OutboundDecision;
import io.github.omnictx.core.timeline.DeliveryStatus;
import io.github.omnictx.core.timeline.Touchpoint;
import java.time.Instant;
import java.util.Optional;

/**
 * What a journey's conditions, texts and routes see of the run they decide for: read inside the
 * unit of work that runs the step, so it is current. Valid only during the call it is passed to;
 * not thread-safe.
 */
public interface RunContext {

  /** @return the run as it stands before this step */
  JourneyRun run();

  /** @return the customer, live (a merged customer stands for its survivor) */
  Customer customer();

  /** @return the touchpoint that started the run (for a date trigger, empty) */
  Optional<Touchpoint> trigger();

  /**
   * @return the event the last {@link JourneyStep.WaitForEvent} received, empty when it timed out
   *     (or the run has not waited for one)
   */
  Optional<Touchpoint> event();

  /** @return the decision of the run's last send, if it had one */
  Optional<OutboundDecision> lastSend();

  /**
   * @return how far the last send's current step got (its touchpoint's delivery status: {@code
   *     READ} when the customer opened it); empty without a send or when it was suppressed
   */
  Optional<DeliveryStatus> lastSendStatus();

  /** @return now, by Omni's clock */
  Instant now();

  /**
   * A text field of the triggering touchpoint's payload, the common case for texts and keys.
   *
   * @param field a top-level field name
   * @return its text, empty when absent, not text or there is no trigger
   */
  default Optional<String> triggerText(String field) {
    return trigger().flatMap(t -> t.payloadText(field));
  }
}
