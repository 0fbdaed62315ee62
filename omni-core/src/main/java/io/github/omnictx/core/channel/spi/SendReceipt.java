package io.github.omnictx.core.channel.spi;

import io.github.omnictx.core.internal.Checks;
import io.github.omnictx.core.timeline.DeliveryStatus;

/**
 * What a provider accepted.
 *
 * @param messageId the provider's id for the message; later {@link DeliveryUpdate}s name it
 * @param status how far it got at once (usually {@link DeliveryStatus#SENT})
 */
public record SendReceipt(String messageId, DeliveryStatus status) {

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if the id is blank or the status null
   */
  public SendReceipt {
    Checks.notBlank(messageId, "messageId");
    Checks.notNull(status, "status");
  }
}
