package io.github.omnictx.core.channel.spi;

import io.github.omnictx.core.internal.Checks;
import io.github.omnictx.core.timeline.DeliveryStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * A provider's report on an outbound message Omni sent earlier.
 *
 * @param messageId the provider's id of the outbound message (what {@link SendReceipt} returned)
 * @param status how far it got
 * @param occurredAt when, by the provider's clock
 * @param errorCode the provider's error code for a failure, if any
 * @param errorMessage the provider's error text for a failure, if any
 * @param idempotencyKey Omni's key of the message ({@link OutboundMessage#idempotencyKey()}), when the
 *     provider echoes it in its receipts (WhatsApp's {@code biz_opaque_callback_data}): a receipt
 *     that arrives before Omni has recorded the provider's message id still finds its touchpoint
 */
public record DeliveryUpdate(String messageId, DeliveryStatus status, Instant occurredAt, Optional<String> errorCode,
    Optional<String> errorMessage, Optional<String> idempotencyKey) implements InboundEvent {

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if a field is null, the time out of range, or the message id
   *     blank, longer than 256 characters or holding a NUL or an unpaired surrogate (no touchpoint
   *     has such an id)
   */
  public DeliveryUpdate {
    Checks.maxLength(Checks.notBlank(messageId, "messageId"), 256, "messageId");
    Checks.notNull(status, "status");
    occurredAt = Checks.micros(occurredAt, "occurredAt");
    Checks.notNull(errorCode, "errorCode");
    Checks.notNull(errorMessage, "errorMessage");
    Checks.notNull(idempotencyKey, "idempotencyKey")
        .ifPresent(k -> Checks.maxLength(Checks.notBlank(k, "idempotencyKey"), 256, "idempotencyKey"));
  }

  /**
   * A receipt that names the message by the provider's id alone.
   *
   * @param messageId the provider's id of the outbound message
   * @param status how far it got
   * @param occurredAt when, by the provider's clock
   * @param errorCode the provider's error code for a failure, if any
   * @param errorMessage the provider's error text for a failure, if any
   * @throws IllegalArgumentException as the canonical constructor
   */
  public DeliveryUpdate(String messageId, DeliveryStatus status, Instant occurredAt, Optional<String> errorCode,
      Optional<String> errorMessage) {
    this(messageId, status, occurredAt, errorCode, errorMessage, Optional.empty());
  }
}
