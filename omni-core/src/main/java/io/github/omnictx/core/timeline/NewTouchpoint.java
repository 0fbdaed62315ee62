package io.github.omnictx.core.timeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.omnictx.core.Limits;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.conversation.ConversationId;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.internal.Checks;
import io.github.omnictx.core.internal.Payloads;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A touchpoint to record: everything but the id and recording time, which Omni assigns. Passed to
 * {@link Timeline#record(NewTouchpoint)}. Immutable; build with {@link #builder(CustomerId,
 * ChannelId, TouchpointType)}.
 */
public final class NewTouchpoint {
  private final CustomerId customerId;
  private final ChannelId channel;
  private final TouchpointType type;
  private final Direction direction;
  private final @Nullable Instant occurredAt;
  private final @Nullable ConversationId conversationId;
  private final @Nullable String externalId;
  private final @Nullable JsonNode payload;
  private final @Nullable DeliveryStatus status;

  private NewTouchpoint(Builder b) {
    this.customerId = b.customerId;
    this.channel = b.channel;
    this.type = b.type;
    this.direction = b.direction;
    this.occurredAt = b.occurredAt;
    this.conversationId = b.conversationId;
    this.externalId = b.externalId;
    this.payload = b.payload; // the builder's own canonical copy, never handed out
    this.status = b.status;
  }

  /**
   * Starts a builder; the direction defaults to {@link Direction#INBOUND} and the time to now.
   *
   * @param customerId the customer it happened to
   * @param channel the channel it happened on
   * @param type what kind of fact it is
   * @return a builder
   * @throws IllegalArgumentException if an argument is null
   */
  public static Builder builder(CustomerId customerId, ChannelId channel, TouchpointType type) {
    return new Builder(
        Checks.notNull(customerId, "customer"), Checks.notNull(channel, "channel"), Checks.notNull(type, "type"));
  }

  /** @return the customer */
  public CustomerId customerId() {
    return customerId;
  }

  /** @return the channel */
  public ChannelId channel() {
    return channel;
  }

  /** @return the type */
  public TouchpointType type() {
    return type;
  }

  /** @return who it came from */
  public Direction direction() {
    return direction;
  }

  /** @return when it happened, empty for "now" by the configured clock */
  public Optional<Instant> occurredAt() {
    return Optional.ofNullable(occurredAt);
  }

  /** @return the conversation, if any */
  public Optional<ConversationId> conversationId() {
    return Optional.ofNullable(conversationId);
  }

  /** @return the provider's id, if any: the idempotency key with tenant and channel */
  public Optional<String> externalId() {
    return Optional.ofNullable(externalId);
  }

  /** @return a copy of the payload, empty when none was given */
  public Optional<JsonNode> payload() {
    return Optional.ofNullable(payload).map(JsonNode::deepCopy);
  }

  /** @return the initial delivery status of an outbound message, if any */
  public Optional<DeliveryStatus> status() {
    return Optional.ofNullable(status);
  }

  /**
   * The touchpoint this request records, given the id and times Omni assigns.
   *
   * @param id the new id
   * @param now the recording time, also the occurrence time when none was given
   * @return the touchpoint
   */
  public Touchpoint toTouchpoint(TouchpointId id, Instant now) {
    return Touchpoint.builder()
        .id(id)
        .customerId(customerId)
        .channel(channel)
        .type(type)
        .direction(direction)
        .occurredAt(occurredAt == null ? now : occurredAt)
        .recordedAt(now)
        .conversationId(conversationId)
        .externalId(externalId)
        .payload(payload)
        .status(status)
        .build();
  }

  /** Builds a {@link NewTouchpoint}. Not thread-safe. */
  public static final class Builder {
    private final CustomerId customerId;
    private final ChannelId channel;
    private final TouchpointType type;
    private Direction direction = Direction.INBOUND;
    private @Nullable Instant occurredAt;
    private @Nullable ConversationId conversationId;
    private @Nullable String externalId;
    private @Nullable JsonNode payload;
    private @Nullable DeliveryStatus status;

    private Builder(CustomerId customerId, ChannelId channel, TouchpointType type) {
      this.customerId = customerId;
      this.channel = channel;
      this.type = type;
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
     * @param at when it happened, between {@link Limits#EARLIEST} and {@link Limits#LATEST}; truncated
     *     to microseconds
     * @return this builder
     * @throws IllegalArgumentException if it is null or out of range
     */
    public Builder occurredAt(Instant at) {
      this.occurredAt = Checks.micros(at, "occurredAt");
      return this;
    }

    /**
     * @param conversationId the conversation it belongs to
     * @return this builder
     */
    public Builder conversation(ConversationId conversationId) {
      this.conversationId = Checks.notNull(conversationId, "conversation");
      return this;
    }

    /**
     * @param externalId the provider's id, 1-256 characters, without NUL or unpaired surrogates
     * @return this builder
     * @throws IllegalArgumentException if it is blank, too long or holds such a character
     */
    public Builder externalId(String externalId) {
      Checks.maxLength(Checks.notBlank(externalId, "externalId"), Touchpoint.MAX_EXTERNAL_ID, "externalId");
      this.externalId = externalId;
      return this;
    }

    /**
     * Sets the payload: checked against {@link Limits} and copied in canonical form (numbers exact,
     * see {@link Touchpoint#payload()}), so that every store keeps and returns the same tree.
     *
     * @param payload the JSON payload; must be a JSON object
     * @return this builder
     * @throws IllegalArgumentException naming the path, if the payload is not an object, nests deeper
     *     than {@link Limits#MAX_PAYLOAD_DEPTH}, or holds text with a NUL or an unpaired surrogate
     *     (keys too), a number that is not finite or beyond {@link Limits#MAX_DIGITS}, or a node that
     *     is not JSON
     */
    public Builder payload(JsonNode payload) {
      this.payload = Payloads.copy(payload, "payload", Limits.MAX_PAYLOAD_DEPTH);
      return this;
    }

    /**
     * @param status the initial delivery status of an outbound message
     * @return this builder
     */
    public Builder status(DeliveryStatus status) {
      this.status = Checks.notNull(status, "status");
      return this;
    }

    /** @return the request */
    public NewTouchpoint build() {
      return new NewTouchpoint(this);
    }
  }
}
