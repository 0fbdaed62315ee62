package io.github.omnictx.core.conversation;

import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.internal.Checks;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One subject handled over time and over channels: the web chat yesterday and the call today are
 * one conversation. It has a status, one owner at a time (bot, queue or agent), the channels it
 * used in order of first use, an optional topic (e.g. an order number), priority, tags, SLA due
 * times and a version for optimistic locking.
 *
 * <p>Immutable and thread-safe; the services return new states.
 */
public final class Conversation {
  private final ConversationId id;
  private final CustomerId customerId;
  private final ConversationStatus status;
  private final Participant owner;
  private final Set<ChannelId> channels;
  private final String topic;
  private final int priority;
  private final Set<String> tags;
  private final Instant openedAt;
  private final Instant updatedAt;
  private final Instant lastInboundAt;
  private final Instant firstResponseAt;
  private final Instant resolvedAt;
  private final Instant snoozedUntil;
  private final Instant firstResponseDueAt;
  private final Instant resolutionDueAt;
  private final long version;

  private Conversation(Builder b) {
    if (b.id == null || b.customerId == null || b.owner == null || b.openedAt == null) {
      throw new IllegalStateException("conversation id, customerId, owner and openedAt are required");
    }
    if (b.channels.isEmpty()) {
      throw new IllegalStateException("conversation " + b.id + " must have used at least one channel");
    }
    if (b.status == ConversationStatus.SNOOZED && b.snoozedUntil == null) {
      throw new IllegalStateException("snoozed conversation " + b.id + " needs snoozedUntil");
    }
    this.id = b.id;
    this.customerId = b.customerId;
    this.status = b.status;
    this.owner = b.owner;
    this.channels = Collections.unmodifiableSet(new LinkedHashSet<>(b.channels));
    this.topic = b.topic;
    this.priority = b.priority;
    this.tags = Collections.unmodifiableSet(new TreeSet<>(b.tags));
    this.openedAt = b.openedAt;
    this.updatedAt = b.updatedAt == null ? b.openedAt : b.updatedAt;
    this.lastInboundAt = b.lastInboundAt;
    this.firstResponseAt = b.firstResponseAt;
    this.resolvedAt = b.resolvedAt;
    this.snoozedUntil = b.snoozedUntil;
    this.firstResponseDueAt = b.firstResponseDueAt;
    this.resolutionDueAt = b.resolutionDueAt;
    this.version = b.version;
  }

  /**
   * Starts a builder for a new open conversation.
   *
   * @param id the id
   * @param customerId the customer
   * @param firstChannel the channel it started on
   * @param owner who owns it first
   * @param openedAt when it opened
   * @return a builder
   */
  public static Builder builder(
      ConversationId id, CustomerId customerId, ChannelId firstChannel, Participant owner, Instant openedAt) {
    return new Builder().id(id).customerId(customerId).channel(firstChannel).owner(owner).openedAt(openedAt);
  }

  /** @return a builder holding this conversation's values */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.id = id;
    b.customerId = customerId;
    b.status = status;
    b.owner = owner;
    b.channels.addAll(channels);
    b.topic = topic;
    b.priority = priority;
    b.tags.addAll(tags);
    b.openedAt = openedAt;
    b.updatedAt = updatedAt;
    b.lastInboundAt = lastInboundAt;
    b.firstResponseAt = firstResponseAt;
    b.resolvedAt = resolvedAt;
    b.snoozedUntil = snoozedUntil;
    b.firstResponseDueAt = firstResponseDueAt;
    b.resolutionDueAt = resolutionDueAt;
    b.version = version;
    return b;
  }

  /** @return the id */
  public ConversationId id() {
    return id;
  }

  /** @return the customer */
  public CustomerId customerId() {
    return customerId;
  }

  /** @return the status */
  public ConversationStatus status() {
    return status;
  }

  /** @return who owns it now */
  public Participant owner() {
    return owner;
  }

  /** @return the channels it used, in order of first use */
  public Set<ChannelId> channels() {
    return channels;
  }

  /** @return the topic (e.g. an order number), if any */
  public Optional<String> topic() {
    return Optional.ofNullable(topic);
  }

  /** @return the priority, higher is more urgent */
  public int priority() {
    return priority;
  }

  /** @return the tags, sorted */
  public Set<String> tags() {
    return tags;
  }

  /** @return when it opened */
  public Instant openedAt() {
    return openedAt;
  }

  /** @return when it last changed */
  public Instant updatedAt() {
    return updatedAt;
  }

  /** @return when the customer last wrote, if ever */
  public Optional<Instant> lastInboundAt() {
    return Optional.ofNullable(lastInboundAt);
  }

  /** @return when the business first answered, if it has */
  public Optional<Instant> firstResponseAt() {
    return Optional.ofNullable(firstResponseAt);
  }

  /** @return when it was last resolved, if it was */
  public Optional<Instant> resolvedAt() {
    return Optional.ofNullable(resolvedAt);
  }

  /** @return until when it is snoozed, if it is */
  public Optional<Instant> snoozedUntil() {
    return Optional.ofNullable(snoozedUntil);
  }

  /** @return when the first response is due by the SLA, if a target applies */
  public Optional<Instant> firstResponseDueAt() {
    return Optional.ofNullable(firstResponseDueAt);
  }

  /** @return when resolution is due by the SLA, if a target applies */
  public Optional<Instant> resolutionDueAt() {
    return Optional.ofNullable(resolutionDueAt);
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
    if (!(o instanceof Conversation)) {
      return false;
    }
    Conversation c = (Conversation) o;
    return priority == c.priority
        && version == c.version
        && id.equals(c.id)
        && customerId.equals(c.customerId)
        && status == c.status
        && owner.equals(c.owner)
        && channels.equals(c.channels)
        && new java.util.ArrayList<>(channels).equals(new java.util.ArrayList<>(c.channels))
        && Objects.equals(topic, c.topic)
        && tags.equals(c.tags)
        && openedAt.equals(c.openedAt)
        && updatedAt.equals(c.updatedAt)
        && Objects.equals(lastInboundAt, c.lastInboundAt)
        && Objects.equals(firstResponseAt, c.firstResponseAt)
        && Objects.equals(resolvedAt, c.resolvedAt)
        && Objects.equals(snoozedUntil, c.snoozedUntil)
        && Objects.equals(firstResponseDueAt, c.firstResponseDueAt)
        && Objects.equals(resolutionDueAt, c.resolutionDueAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, version);
  }

  @Override
  public String toString() {
    return "Conversation[" + id + " " + status + " owner " + owner + " v" + version + " " + channels + "]";
  }

  /** Builds a {@link Conversation}. Not thread-safe. */
  public static final class Builder {
    private ConversationId id;
    private CustomerId customerId;
    private ConversationStatus status = ConversationStatus.OPEN;
    private Participant owner;
    private final Set<ChannelId> channels = new LinkedHashSet<>();
    private String topic;
    private int priority;
    private final Set<String> tags = new TreeSet<>();
    private Instant openedAt;
    private Instant updatedAt;
    private Instant lastInboundAt;
    private Instant firstResponseAt;
    private Instant resolvedAt;
    private Instant snoozedUntil;
    private Instant firstResponseDueAt;
    private Instant resolutionDueAt;
    private long version;

    private Builder() {}

    /**
     * @param id the id
     * @return this builder
     */
    public Builder id(ConversationId id) {
      this.id = Checks.notNull(id, "conversation id");
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
     * @param status the status
     * @return this builder
     */
    public Builder status(ConversationStatus status) {
      this.status = Checks.notNull(status, "status");
      return this;
    }

    /**
     * @param owner the owner
     * @return this builder
     */
    public Builder owner(Participant owner) {
      this.owner = Checks.notNull(owner, "owner");
      return this;
    }

    /**
     * Adds a channel (kept in order of first use; adding a known one changes nothing).
     *
     * @param channel the channel
     * @return this builder
     */
    public Builder channel(ChannelId channel) {
      channels.add(Checks.notNull(channel, "channel"));
      return this;
    }

    /**
     * @param topic the topic, at most 128 characters, or {@code null} for none
     * @return this builder
     */
    public Builder topic(@org.jspecify.annotations.Nullable String topic) {
      if (topic != null) {
        Checks.maxLength(Checks.notBlank(topic, "topic"), 128, "topic");
      }
      this.topic = topic;
      return this;
    }

    /**
     * @param priority 0 to 9, higher is more urgent
     * @return this builder
     */
    public Builder priority(int priority) {
      if (priority < 0 || priority > 9) {
        throw new IllegalArgumentException("priority must be between 0 and 9, was: " + priority);
      }
      this.priority = priority;
      return this;
    }

    /**
     * @param tag a tag, 1-64 characters
     * @return this builder
     */
    public Builder tag(String tag) {
      tags.add(Checks.maxLength(Checks.notBlank(tag, "tag"), 64, "tag"));
      return this;
    }

    /**
     * @param tag a tag to remove
     * @return this builder
     */
    public Builder removeTag(String tag) {
      tags.remove(tag);
      return this;
    }

    /**
     * @param at when it opened
     * @return this builder
     */
    public Builder openedAt(Instant at) {
      this.openedAt = Checks.micros(at, "openedAt");
      return this;
    }

    /**
     * @param at when it last changed
     * @return this builder
     */
    public Builder updatedAt(Instant at) {
      this.updatedAt = Checks.micros(at, "updatedAt");
      return this;
    }

    /**
     * @param at when the customer last wrote, or {@code null}
     * @return this builder
     */
    public Builder lastInboundAt(@org.jspecify.annotations.Nullable Instant at) {
      this.lastInboundAt = at == null ? null : Checks.micros(at, "lastInboundAt");
      return this;
    }

    /**
     * @param at when the business first answered, or {@code null}
     * @return this builder
     */
    public Builder firstResponseAt(@org.jspecify.annotations.Nullable Instant at) {
      this.firstResponseAt = at == null ? null : Checks.micros(at, "firstResponseAt");
      return this;
    }

    /**
     * @param at when it was resolved, or {@code null}
     * @return this builder
     */
    public Builder resolvedAt(@org.jspecify.annotations.Nullable Instant at) {
      this.resolvedAt = at == null ? null : Checks.micros(at, "resolvedAt");
      return this;
    }

    /**
     * @param until until when it is snoozed, or {@code null}
     * @return this builder
     */
    public Builder snoozedUntil(@org.jspecify.annotations.Nullable Instant until) {
      this.snoozedUntil = until == null ? null : Checks.micros(until, "snoozedUntil");
      return this;
    }

    /**
     * @param at the first-response deadline, or {@code null}
     * @return this builder
     */
    public Builder firstResponseDueAt(@org.jspecify.annotations.Nullable Instant at) {
      this.firstResponseDueAt = at == null ? null : Checks.micros(at, "firstResponseDueAt");
      return this;
    }

    /**
     * @param at the resolution deadline, or {@code null}
     * @return this builder
     */
    public Builder resolutionDueAt(@org.jspecify.annotations.Nullable Instant at) {
      this.resolutionDueAt = at == null ? null : Checks.micros(at, "resolutionDueAt");
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
     * @return the conversation
     * @throws IllegalStateException if a required field is missing or fields conflict
     */
    public Conversation build() {
      return new Conversation(this);
    }
  }
}
