package io.github.omnictx.core.handoff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.omnictx.core.conversation.AgentId;
import io.github.omnictx.core.conversation.ConversationId;
import io.github.omnictx.core.conversation.Participant;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.internal.Checks;
import io.github.omnictx.core.internal.Payloads;
import io.github.omnictx.core.timeline.TouchpointId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A transfer of control of a conversation: offered by its owner to an agent or a queue, then
 * accepted by exactly one agent, declined, or expired (the conversation then goes to the fallback
 * owner), and an accepted one may later be released. What the bot collected and the notes travel in
 * {@link #details()} (a JSON object {@code {"collected":{"intent":…,"orderNumber":…,"slots":{…}},
 * "notes":[…]}}).
 *
 * <p>Immutable and thread-safe. Build with {@link #builder()}.
 */
public final class Handoff {
  private final HandoffId id;
  private final ConversationId conversationId;
  private final CustomerId customerId;
  private final Participant from;
  private final Participant to;
  private final Participant fallback;
  private final HandoffStatus status;
  private final String reason;
  private final JsonNode details;
  private final Instant offeredAt;
  private final Instant expiresAt;
  private final @Nullable Instant decidedAt;
  private final @Nullable AgentId acceptedBy;
  private final @Nullable Instant releasedAt;
  private final List<TouchpointId> held;
  private final long version;

  private Handoff(Builder b) {
    if (b.id == null || b.conversationId == null || b.customerId == null || b.from == null || b.to == null
        || b.reason == null || b.offeredAt == null || b.expiresAt == null) {
      throw new IllegalStateException(
          "handoff id, conversationId, customerId, from, to, reason, offeredAt and expiresAt are required");
    }
    if (b.to.kind() == Participant.Kind.BOT) {
      throw new IllegalStateException("handoff " + b.id + " must be offered to an agent or a queue, was: " + b.to);
    }
    if (!b.expiresAt.isAfter(b.offeredAt)) {
      throw new IllegalStateException("handoff " + b.id + " expiresAt " + b.expiresAt + " must be after offeredAt "
          + b.offeredAt);
    }
    if ((b.status == HandoffStatus.ACCEPTED || b.status == HandoffStatus.RELEASED) && b.acceptedBy == null) {
      throw new IllegalStateException("handoff " + b.id + " in status " + b.status + " needs acceptedBy");
    }
    if (b.status != HandoffStatus.OFFERED && b.decidedAt == null) {
      throw new IllegalStateException("handoff " + b.id + " in status " + b.status + " needs decidedAt");
    }
    if (b.status == HandoffStatus.RELEASED && b.releasedAt == null) {
      throw new IllegalStateException("released handoff " + b.id + " needs releasedAt");
    }
    this.id = b.id;
    this.conversationId = b.conversationId;
    this.customerId = b.customerId;
    this.from = b.from;
    this.to = b.to;
    this.fallback = b.fallback == null ? b.from : b.fallback;
    this.status = b.status;
    this.reason = b.reason;
    this.details = b.details == null ? JsonNodeFactory.instance.objectNode() : b.details.deepCopy();
    this.offeredAt = b.offeredAt;
    this.expiresAt = b.expiresAt;
    this.decidedAt = b.decidedAt;
    this.acceptedBy = b.acceptedBy;
    this.releasedAt = b.releasedAt;
    this.held = List.copyOf(b.held);
    this.version = b.version;
  }

  /** @return a new builder (status {@link HandoffStatus#OFFERED}, version 0) */
  public static Builder builder() {
    return new Builder();
  }

  /** @return a builder holding this handoff's values */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.id = id;
    b.conversationId = conversationId;
    b.customerId = customerId;
    b.from = from;
    b.to = to;
    b.fallback = fallback;
    b.status = status;
    b.reason = reason;
    b.details = details;
    b.offeredAt = offeredAt;
    b.expiresAt = expiresAt;
    b.decidedAt = decidedAt;
    b.acceptedBy = acceptedBy;
    b.releasedAt = releasedAt;
    b.held.addAll(held);
    b.version = version;
    return b;
  }

  /**
   * The details object for what a bot collected and the notes.
   *
   * @param collected what the bot collected
   * @param notes free-form notes
   * @return a JSON object as described on this class
   */
  public static ObjectNode details(BotCollected collected, List<String> notes) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode();
    ObjectNode c = root.putObject("collected");
    collected.intent().ifPresent(v -> c.put("intent", v));
    collected.orderNumber().ifPresent(v -> c.put("orderNumber", v));
    ObjectNode slots = c.putObject("slots");
    collected.slots().forEach(slots::put);
    ArrayNode n = root.putArray("notes");
    notes.forEach(n::add);
    return root;
  }

  /** @return the id */
  public HandoffId id() {
    return id;
  }

  /** @return the conversation handed off */
  public ConversationId conversationId() {
    return conversationId;
  }

  /** @return the conversation's customer when it was offered */
  public CustomerId customerId() {
    return customerId;
  }

  /** @return who offered it: the conversation's owner at that time */
  public Participant from() {
    return from;
  }

  /** @return to whom it is offered: one agent, or a queue (any agent may accept) */
  public Participant to() {
    return to;
  }

  /** @return who owns the conversation if the offer is declined or expires */
  public Participant fallback() {
    return fallback;
  }

  /** @return the status */
  public HandoffStatus status() {
    return status;
  }

  /** @return why it was handed off, e.g. {@code "customer asked for a person"} */
  public String reason() {
    return reason;
  }

  /** @return a copy of the details object (collected values and notes) */
  public JsonNode details() {
    return details.deepCopy();
  }

  /** @return what the bot collected, read from the details */
  public BotCollected collected() {
    JsonNode c = details.path("collected");
    Map<String, String> slots = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = c.path("slots").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      slots.put(e.getKey(), e.getValue().asText());
    }
    return new BotCollected(text(c, "intent"), text(c, "orderNumber"), slots);
  }

  /** @return the notes, read from the details */
  public List<String> notes() {
    List<String> out = new ArrayList<>();
    details.path("notes").forEach(n -> out.add(n.asText()));
    return List.copyOf(out);
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
  }

  /** @return when it was offered */
  public Instant offeredAt() {
    return offeredAt;
  }

  /** @return when the offer expires if nobody answers */
  public Instant expiresAt() {
    return expiresAt;
  }

  /** @return when it was accepted, declined or expired, if it was */
  public Optional<Instant> decidedAt() {
    return Optional.ofNullable(decidedAt);
  }

  /** @return the agent who accepted it, if one did */
  public Optional<AgentId> acceptedBy() {
    return Optional.ofNullable(acceptedBy);
  }

  /** @return when the accepting agent released control, if they did */
  public Optional<Instant> releasedAt() {
    return Optional.ofNullable(releasedAt);
  }

  /**
   * The inbound touchpoints that arrived in the conversation while this offer was pending, in
   * arrival order: whoever ends up owning the conversation receives them.
   *
   * @return the held touchpoints' ids
   */
  public List<TouchpointId> held() {
    return held;
  }

  /** @return the version, incremented by every change */
  public long version() {
    return version;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Handoff)) {
      return false;
    }
    Handoff h = (Handoff) o;
    return version == h.version && id.equals(h.id) && conversationId.equals(h.conversationId)
        && customerId.equals(h.customerId) && from.equals(h.from) && to.equals(h.to) && fallback.equals(h.fallback)
        && status == h.status && reason.equals(h.reason) && details.equals(h.details)
        && offeredAt.equals(h.offeredAt) && expiresAt.equals(h.expiresAt) && Objects.equals(decidedAt, h.decidedAt)
        && Objects.equals(acceptedBy, h.acceptedBy) && Objects.equals(releasedAt, h.releasedAt) && held.equals(h.held);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, version);
  }

  @Override
  public String toString() {
    return "Handoff[" + id + " " + from + " -> " + to + " " + status + " v" + version + "]";
  }

  /** Builds a {@link Handoff}. Not thread-safe. */
  public static final class Builder {
    private @Nullable HandoffId id;
    private @Nullable ConversationId conversationId;
    private @Nullable CustomerId customerId;
    private @Nullable Participant from;
    private @Nullable Participant to;
    private @Nullable Participant fallback;
    private HandoffStatus status = HandoffStatus.OFFERED;
    private @Nullable String reason;
    private @Nullable JsonNode details;
    private @Nullable Instant offeredAt;
    private @Nullable Instant expiresAt;
    private @Nullable Instant decidedAt;
    private @Nullable AgentId acceptedBy;
    private @Nullable Instant releasedAt;
    private final List<TouchpointId> held = new ArrayList<>();
    private long version;

    private Builder() {}

    /**
     * @param id the id
     * @return this builder
     */
    public Builder id(HandoffId id) {
      this.id = Checks.notNull(id, "handoff id");
      return this;
    }

    /**
     * @param id the conversation
     * @return this builder
     */
    public Builder conversationId(ConversationId id) {
      this.conversationId = Checks.notNull(id, "conversation");
      return this;
    }

    /**
     * @param id the customer
     * @return this builder
     */
    public Builder customerId(CustomerId id) {
      this.customerId = Checks.notNull(id, "customer");
      return this;
    }

    /**
     * @param from who offers it
     * @return this builder
     */
    public Builder from(Participant from) {
      this.from = Checks.notNull(from, "from");
      return this;
    }

    /**
     * @param to an agent or a queue
     * @return this builder
     */
    public Builder to(Participant to) {
      this.to = Checks.notNull(to, "to");
      return this;
    }

    /**
     * @param fallback who owns it if declined or expired; defaults to {@code from}
     * @return this builder
     */
    public Builder fallback(Participant fallback) {
      this.fallback = Checks.notNull(fallback, "fallback");
      return this;
    }

    /**
     * @param status the status
     * @return this builder
     */
    public Builder status(HandoffStatus status) {
      this.status = Checks.notNull(status, "status");
      return this;
    }

    /**
     * @param reason why, 1-512 characters
     * @return this builder
     */
    public Builder reason(String reason) {
      this.reason = Checks.maxLength(Checks.notBlank(reason, "reason"), 512, "reason");
      return this;
    }

    /**
     * @param details the details object (checked against {@link io.github.omnictx.core.Limits} and
     *     copied, as a touchpoint payload is), or {@code null} for an empty one
     * @return this builder
     * @throws IllegalArgumentException if it is not an object or is beyond the limits
     */
    public Builder details(@Nullable JsonNode details) {
      this.details = details == null ? null
          : Payloads.copy(details, "details", io.github.omnictx.core.Limits.MAX_PAYLOAD_DEPTH);
      return this;
    }

    /**
     * @param at when it was offered
     * @return this builder
     */
    public Builder offeredAt(Instant at) {
      this.offeredAt = Checks.micros(at, "offeredAt");
      return this;
    }

    /**
     * @param at when it expires
     * @return this builder
     */
    public Builder expiresAt(Instant at) {
      this.expiresAt = Checks.micros(at, "expiresAt");
      return this;
    }

    /**
     * @param at when it was decided, or {@code null}
     * @return this builder
     */
    public Builder decidedAt(@Nullable Instant at) {
      this.decidedAt = at == null ? null : Checks.micros(at, "decidedAt");
      return this;
    }

    /**
     * @param agentId the accepting agent, or {@code null}
     * @return this builder
     */
    public Builder acceptedBy(@Nullable AgentId agentId) {
      this.acceptedBy = agentId;
      return this;
    }

    /**
     * @param at when it was released, or {@code null}
     * @return this builder
     */
    public Builder releasedAt(@Nullable Instant at) {
      this.releasedAt = at == null ? null : Checks.micros(at, "releasedAt");
      return this;
    }

    /**
     * Adds a touchpoint held while the offer is pending (a known one is not added twice).
     *
     * @param touchpoint the held touchpoint's id
     * @return this builder
     */
    public Builder held(TouchpointId touchpoint) {
      Checks.notNull(touchpoint, "held touchpoint");
      if (!held.contains(touchpoint)) {
        held.add(touchpoint);
      }
      return this;
    }

    /**
     * @param version the version, {@code >= 0}
     * @return this builder
     */
    public Builder version(long version) {
      if (version < 0) {
        throw new IllegalArgumentException("version must be >= 0, was: " + version);
      }
      this.version = version;
      return this;
    }

    /**
     * @return the handoff
     * @throws IllegalStateException if a required field is missing or fields conflict
     */
    public Handoff build() {
      return new Handoff(this);
    }
  }
}
