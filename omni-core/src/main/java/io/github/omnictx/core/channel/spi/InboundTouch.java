package io.github.omnictx.core.channel.spi;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.omnictx.core.Limits;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.internal.Checks;
import io.github.omnictx.core.internal.Payloads;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.timeline.TouchpointType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A touchpoint a webhook reported: a message, a call event, a purchase at the till…
 *
 * @param externalId the provider's id for it: the idempotency key with tenant and channel
 * @param sender who it is about: the channel handle first, then any other identity the payload
 *     proves (a WhatsApp {@code wa_id} is also a phone number); never empty
 * @param senderName the display name the provider sent, if any
 * @param occurredAt when it happened by the provider's clock
 * @param type what kind of touchpoint
 * @param direction {@link Direction#INBOUND} from the customer; {@link Direction#OUTBOUND} for an
 *     echo of a message the business sent from elsewhere (e.g. Messenger {@code is_echo})
 * @param text the message text, if any
 * @param attachments media and structured content
 * @param topic a subject the payload names (an order number), if any
 * @param payload the provider's object for this event, kept for the timeline (under {@code
 *     provider}, one level down: hence at most {@link #MAX_PAYLOAD_DEPTH} levels)
 */
public record InboundTouch(
    String externalId,
    List<Identity> sender,
    Optional<String> senderName,
    Instant occurredAt,
    TouchpointType type,
    Direction direction,
    Optional<String> text,
    List<Attachment> attachments,
    Optional<String> topic,
    JsonNode payload) implements InboundEvent {
  /**
   * The deepest the provider's object may nest: one level less than {@link
   * Limits#MAX_PAYLOAD_DEPTH}, since the touchpoint keeps it under {@code provider}.
   */
  public static final int MAX_PAYLOAD_DEPTH = Limits.MAX_PAYLOAD_DEPTH - 1;

  /**
   * Validates and copies the fields, to the same {@link Limits} the touchpoint it becomes is held
   * to, so that an event a store could not hold is refused while the adapter parses it.
   *
   * @throws IllegalArgumentException if a field is null, the external id blank or longer than 256
   *     characters, the sender empty, the time out of range, the topic blank or longer than 128
   *     characters, text holds a NUL or an unpaired surrogate, or the payload is beyond {@link Limits}
   */
  public InboundTouch {
    Checks.maxLength(Checks.notBlank(externalId, "externalId"), 256, "externalId");
    sender = List.copyOf(Checks.notNull(sender, "sender"));
    if (sender.isEmpty()) {
      throw new IllegalArgumentException("sender must name at least one identity");
    }
    Checks.notNull(senderName, "senderName").ifPresent(n -> Checks.storable(n, "senderName"));
    occurredAt = Checks.micros(occurredAt, "occurredAt");
    Checks.notNull(type, "type");
    Checks.notNull(direction, "direction");
    Checks.notNull(text, "text").ifPresent(t -> Checks.storable(t, "text"));
    attachments = List.copyOf(Checks.notNull(attachments, "attachments"));
    Checks.notNull(topic, "topic").ifPresent(t -> Checks.maxLength(Checks.notBlank(t, "topic"), 128, "topic"));
    payload = Payloads.copy(Checks.notNull(payload, "payload"), "payload", MAX_PAYLOAD_DEPTH);
  }

  /** @return a copy of the provider's payload */
  @Override
  public JsonNode payload() {
    return payload.deepCopy();
  }
}
