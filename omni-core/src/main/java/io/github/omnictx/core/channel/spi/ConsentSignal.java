package io.github.omnictx.core.channel.spi;

import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.consent.ConsentStatus;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.internal.Checks;
import java.time.Instant;
import java.util.List;

/**
 * A consent answer a provider reported for a customer: an e-mail complaint or unsubscribe, a Viber
 * unsubscribe, a WhatsApp marketing opt-out, a Messenger opt-in. The pipeline records it as the
 * customer's {@link io.github.omnictx.core.consent.Consent} for the channel and purpose, with the
 * provider as its source, so that outbound sending honours it.
 *
 * <p>The rule, the same for every adapter:
 *
 * <ul>
 *   <li>A {@link ConsentStatus#GRANTED} answer resolves the subject as a message from it would
 *       (a person Omni did not know yet becomes a customer).
 *   <li>A {@link ConsentStatus#DENIED} or {@link ConsentStatus#REVOKED} answer reaches only a
 *       customer Omni already knows by one of the identities: nothing is kept about a stranger who
 *       said no, and without a grant nobody is sent marketing anyway. For a stranger the signal is
 *       counted as ignored.
 *   <li>As with every consent answer, the latest by time wins: a signal older than the stored answer
 *       (a late redelivery) changes nothing, and a redelivery of the same signal changes nothing.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 *
 * @param subject whom it is about: the channel handle first, then any other identity the payload
 *     proves; never empty
 * @param channel the channel the answer is for (usually the adapter's own)
 * @param purpose what kind of contact it is about
 * @param status the answer
 * @param source where it came from, naming the provider and its event, e.g. {@code
 *     "mailgun:complained"}; 1-128 characters
 * @param occurredAt when the customer gave it, by the provider's clock
 */
public record ConsentSignal(List<Identity> subject, ChannelId channel, Purpose purpose, ConsentStatus status,
    String source, Instant occurredAt) implements InboundEvent {

  /**
   * Validates and copies the fields.
   *
   * @throws IllegalArgumentException if a field is null, the subject empty, the source blank, longer
   *     than 128 characters or not storable, or the time out of range
   */
  public ConsentSignal {
    subject = List.copyOf(Checks.notNull(subject, "subject"));
    if (subject.isEmpty()) {
      throw new IllegalArgumentException("subject must name at least one identity");
    }
    Checks.notNull(channel, "channel");
    Checks.notNull(purpose, "purpose");
    Checks.notNull(status, "status");
    Checks.storable(Checks.maxLength(Checks.notBlank(source, "source"), 128, "source"), "source");
    occurredAt = Checks.micros(occurredAt, "occurredAt");
  }
}
