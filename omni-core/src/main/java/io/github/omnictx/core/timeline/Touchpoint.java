package io.github.omnictx.core.timeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.github.omnictx.core.Limits;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.conversation.ConversationId;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.internal.Checks;
import io.github.omnictx.core.internal.Payloads;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An immutable fact that happened at a point of contact: a message, a call, a store visit, a
 * purchase, a page view, a handoff. It belongs to one customer and one channel, and optionally to a
 * conversation.
 *
 * <p>{@link #externalId()} is the provider's id for the fact (a WhatsApp {@code wamid}, a Telegram
 * {@code update_id}); with the tenant and channel it is the idempotency key, so a redelivered
 * webhook records nothing new. Only two things change after recording: the delivery {@link
 * #status()} of an outbound message, and the payload of a message the customer edited or deleted
 * (see {@link io.github.omnictx.core.channel.spi.MessageChange}). Immutable and thread-safe; the payload is copied in and out.
 */
public final class Touchpoint {
  /** The longest external id accepted, in characters. */
  public static final int MAX_EXTERNAL_ID = 256;

  private final TouchpointId id;
  private final CustomerId customerId;
  private final ChannelId channel;
  private final TouchpointType type;
  private final Direction direction;
  private final Instant occurredAt;
  private final Instant recordedAt;
  private final @Nullable ConversationId conversationId;
  private final @Nullable String externalId;
  private final JsonNode payload;
  private final @Nullable DeliveryStatus status;

  private Touchpoint(Builder b) {
    this.id = require(b.id, "id");
    this.customerId = require(b.customerId, "customerId");
    this.channel = require(b.channel, "channel");
    this.type = require(b.type, "type");
    this.direction = require(b.direction, "direction");
    this.occurredAt = require(b.occurredAt, "occurredAt");
    this.recordedAt = Objects.requireNonNull(b.recordedAt == null ? b.occurredAt : b.recordedAt);
    this.conversationId = b.conversationId;
    this.externalId = b.externalId;
    this.payload = b.payload == null ? JsonNodeFactory.instance.objectNode()
        : Payloads.copy(b.payload, "payload", Limits.MAX_PAYLOAD_DEPTH);
    this.status = b.status;
  }

  private static <T> T require(@Nullable T value, String field) {
    if (value == null) {
      throw new IllegalStateException("touchpoint " + field + " is required");
    }
    return value;
  }

  /**
   * Starts a builder.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this touchpoint's values.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.id = id;
    b.customerId = customerId;
    b.channel = channel;
    b.type = type;
    b.direction = direction;
    b.occurredAt = occurredAt;
    b.recordedAt = recordedAt;
    b.conversationId = conversationId;
    b.externalId = externalId;
    b.payload = payload;
    b.status = status;
    return b;
  }

  /** @return the id */
  public TouchpointId id() {
    return id;
  }

  /** @return the customer it happened to (the one it was recorded for; merges do not rewrite it) */
  public CustomerId customerId() {
    return customerId;
  }

  /** @return the channel */
  public ChannelId channel() {
    return channel;
  }

  /** @return what kind of fact it is */
  public TouchpointType type() {
    return type;
  }

  /** @return who it came from */
  public Direction direction() {
    return direction;
  }

  /** @return when it happened, at microsecond precision */
  public Instant occurredAt() {
    return occurredAt;
  }

  /** @return when Omni recorded it, at microsecond precision */
  public Instant recordedAt() {
    return recordedAt;
  }

  /** @return the conversation it belongs to, if any */
  public Optional<ConversationId> conversationId() {
    return Optional.ofNullable(conversationId);
  }

  /** @return the provider's id for it, if any */
  public Optional<String> externalId() {
    return Optional.ofNullable(externalId);
  }

  /**
   * The payload, in the canonical form every store returns, numbers exactly as written (see {@link
   * Limits}): integers as int, long or big-integer nodes by magnitude; {@code 2.5} as a double node,
   * {@code 19.90} as an exact decimal node keeping its scale. Bounded by {@link Limits}.
   *
   * @return a copy of the JSON payload (an object, empty when nothing was given)
   */
  public JsonNode payload() {
    return payload.deepCopy();
  }

  /**
   * A text field of the payload, without copying the payload.
   *
   * @param field the top-level field name
   * @return the field's text, empty if absent or not text
   */
  public Optional<String> payloadText(String field) {
    JsonNode node = payload.get(field);
    return node != null && node.isTextual() ? Optional.of(node.asText()) : Optional.empty();
  }

  /** @return the delivery status of an outbound message, empty for other touchpoints */
  public Optional<DeliveryStatus> status() {
    return Optional.ofNullable(status);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Touchpoint)) {
      return false;
    }
    Touchpoint t = (Touchpoint) o;
    return id.equals(t.id)
        && customerId.equals(t.customerId)
        && channel.equals(t.channel)
        && type.equals(t.type)
        && direction == t.direction
        && occurredAt.equals(t.occurredAt)
        && recordedAt.equals(t.recordedAt)
        && Objects.equals(conversationId, t.conversationId)
        && Objects.equals(externalId, t.externalId)
        && payload.equals(t.payload)
        && status == t.status;
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "Touchpoint[" + id + ", " + channel + " " + type + " " + direction + " at " + occurredAt
        + (externalId == null ? "" : ", ext " + externalId) + "]";
  }

  /** Builds a {@link Touchpoint}. Not thread-safe. */
  public static final class Builder {
    private @Nullable TouchpointId id;
    private @Nullable CustomerId customerId;
    private @Nullable ChannelId channel;
    private @Nullable TouchpointType type;
    private @Nullable Direction direction;
    private @Nullable Instant occurredAt;
    private @Nullable Instant recordedAt;
    private @Nullable ConversationId conversationId;
    private @Nullable String externalId;
    private @Nullable JsonNode payload;
    private @Nullable DeliveryStatus status;

    private Builder() {}

    /**
     * @param id the id
     * @return this builder
     */
    public Builder id(TouchpointId id) {
      this.id = Checks.notNull(id, "touchpoint id");
      return this;
    }

    /**
     * @param customerId the customer
     * @return this builder
     */
    public Builder customerId(CustomerId customerId) {
      this.customerId = Checks.notNull(customerId, "customer");
      return this;
    }

    /**
     * @param channel the channel
     * @return this builder
     */
    public Builder channel(ChannelId channel) {
      this.channel = Checks.notNull(channel, "channel");
      return this;
    }

    /**
     * @param type the type
     * @return this builder
     */
    public Builder type(TouchpointType type) {
      this.type = Checks.notNull(type, "type");
      return this;
    }

    /**
     * @param direction who it came from
     * @return this builder
     */
    public Builder direction(Direction direction) {
      this.direction = Checks.notNull(direction, "direction");
      return this;
    }

    /**
     * @param at when it happened; truncated to microseconds
     * @return this builder
     */
    public Builder occurredAt(Instant at) {
      this.occurredAt = Checks.micros(at, "occurredAt");
      return this;
    }

    /**
     * @param at when it was recorded; truncated to microseconds
     * @return this builder
     */
    public Builder recordedAt(Instant at) {
      this.recordedAt = Checks.micros(at, "recordedAt");
      return this;
    }

    /**
     * @param conversationId the conversation, or {@code null} for none
     * @return this builder
     */
    public Builder conversationId(@org.jspecify.annotations.Nullable ConversationId conversationId) {
      this.conversationId = conversationId;
      return this;
    }

    /**
     * @param externalId the provider's id, 1-256 characters, or {@code null} for none
     * @return this builder
     */
    public Builder externalId(@org.jspecify.annotations.Nullable String externalId) {
      if (externalId != null) {
        Checks.notBlank(externalId, "externalId");
        Checks.maxLength(externalId, MAX_EXTERNAL_ID, "externalId");
      }
      this.externalId = externalId;
      return this;
    }

    /**
     * @param payload the JSON object (checked and copied in canonical form when the touchpoint is
     *     built, as by {@link NewTouchpoint.Builder#payload}), or {@code null} for an empty object
     * @return this builder
     */
    public Builder payload(@org.jspecify.annotations.Nullable JsonNode payload) {
      this.payload = payload;
      return this;
    }

    /**
     * @param status the delivery status, or {@code null} for none
     * @return this builder
     */
    public Builder status(@org.jspecify.annotations.Nullable DeliveryStatus status) {
      this.status = status;
      return this;
    }

    /**
     * @return the touchpoint
     * @throws IllegalStateException if a required field is missing
     * @throws IllegalArgumentException if the payload is beyond {@link Limits} (see {@link
     *     NewTouchpoint.Builder#payload})
     */
    public Touchpoint build() {
      return new Touchpoint(this);
    }
  }
}
