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
  private final ChannelId lastChannel;
  private final Instant queuedAt;
  private final String lastAgent;
  private final Instant lastAgentAt;
  private final Set<String> skills;
  private final String language;
  private final boolean handoffPending;
  private final boolean firstResponseBreached;
  private final boolean resolutionBreached;
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
    this.lastChannel = b.lastChannel == null ? this.channels.iterator().next() : b.lastChannel;
    if (!this.channels.contains(this.lastChannel)) {
      throw new IllegalStateException("conversation " + b.id + " lastChannel " + this.lastChannel
          + " is not one of its channels " + this.channels);
    }
    // queuedAt is kept exactly while a queue owns the conversation: defaulted when a queue takes it
    // without one, dropped when anyone else does.
    this.queuedAt = b.owner.kind() != Participant.Kind.QUEUE ? null
        : b.queuedAt != null ? b.queuedAt : this.updatedAt;
    this.lastAgent = b.lastAgent;
    this.lastAgentAt = b.lastAgentAt;
    if ((b.lastAgent == null) != (b.lastAgentAt == null)) {
      throw new IllegalStateException("conversation " + b.id + " needs lastAgent and lastAgentAt together");
    }
    this.skills = Collections.unmodifiableSet(new TreeSet<>(b.skills));
    this.language = b.language;
    this.handoffPending = b.handoffPending;
    this.firstResponseBreached = b.firstResponseBreached;
    this.resolutionBreached = b.resolutionBreached;
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
    b.lastChannel = lastChannel;
    b.queuedAt = queuedAt;
    b.lastAgent = lastAgent;
    b.lastAgentAt = lastAgentAt;
    b.skills.addAll(skills);
    b.language = language;
    b.handoffPending = handoffPending;
    b.firstResponseBreached = firstResponseBreached;
    b.resolutionBreached = resolutionBreached;
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

  /**
   * The channel the customer used last (the latest inbound message or channel handoff): routing
   * counts the conversation against the agent's capacity for this channel's kind.
   *
   * @return the last channel, one of {@link #channels()}; the first channel until another is used
   */
  public ChannelId lastChannel() {
    return lastChannel;
  }

  /**
   * When the conversation entered the queue it is waiting in. Present exactly when a queue owns it.
   *
   * @return when it was queued, if a queue owns it
   */
  public Optional<Instant> queuedAt() {
    return Optional.ofNullable(queuedAt);
  }

  /** @return the id of the agent who owned it last (now or before), if any agent ever did */
  public Optional<String> lastAgent() {
    return Optional.ofNullable(lastAgent);
  }

  /** @return when {@link #lastAgent()} last took it, present exactly when the last agent is */
  public Optional<Instant> lastAgentAt() {
    return Optional.ofNullable(lastAgentAt);
  }

  /** @return the skills an agent needs to be routed this conversation, sorted; empty for any agent */
  public Set<String> skills() {
    return skills;
  }

  /** @return the language an agent must speak (e.g. {@code de}), if one is required */
  public Optional<String> language() {
    return Optional.ofNullable(language);
  }

  /**
   * Whether a handoff offer for it is waiting for an answer. Meanwhile nobody receives its inbound
   * messages: they are held for whoever ends up owning it.
   *
   * @return whether a handoff is pending
   */
  public boolean handoffPending() {
    return handoffPending;
  }

  /** @return whether the first-response SLA breach was already raised (it is raised once) */
  public boolean firstResponseBreached() {
    return firstResponseBreached;
  }

  /** @return whether the resolution SLA breach was already raised for the current resolution target */
  public boolean resolutionBreached() {
    return resolutionBreached;
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
        && Objects.equals(resolutionDueAt, c.resolutionDueAt)
        && lastChannel.equals(c.lastChannel)
        && Objects.equals(queuedAt, c.queuedAt)
        && Objects.equals(lastAgent, c.lastAgent)
        && Objects.equals(lastAgentAt, c.lastAgentAt)
        && skills.equals(c.skills)
        && Objects.equals(language, c.language)
        && handoffPending == c.handoffPending
        && firstResponseBreached == c.firstResponseBreached
        && resolutionBreached == c.resolutionBreached;
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
    private ChannelId lastChannel;
    private Instant queuedAt;
    private String lastAgent;
    private Instant lastAgentAt;
    private final Set<String> skills = new TreeSet<>();
    private String language;
    private boolean handoffPending;
    private boolean firstResponseBreached;
    private boolean resolutionBreached;
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
     * Sets the channel used last, adding it to the channels if new.
     *
     * @param channel the channel
     * @return this builder
     */
    public Builder lastChannel(ChannelId channel) {
      channel(channel);
      this.lastChannel = channel;
      return this;
    }

    /**
     * When the queue that owns it took it. Kept only while a queue owns the conversation: {@code
     * build()} drops it for any other owner and defaults it to {@code updatedAt} for a queue.
     *
     * @param at when it entered the queue, or {@code null}
     * @return this builder
     */
    public Builder queuedAt(@org.jspecify.annotations.Nullable Instant at) {
      this.queuedAt = at == null ? null : Checks.micros(at, "queuedAt");
      return this;
    }

    /**
     * @param agentId the agent who owned it last, or {@code null}
     * @param at when that agent took it, or {@code null}
     * @return this builder
     */
    public Builder lastAgent(@org.jspecify.annotations.Nullable String agentId,
        @org.jspecify.annotations.Nullable Instant at) {
      if (agentId != null) {
        Participant.agent(agentId);
      }
      this.lastAgent = agentId;
      this.lastAgentAt = at == null ? null : Checks.micros(at, "lastAgentAt");
      return this;
    }

    /**
     * @param skill a skill the agent needs, 1-64 characters
     * @return this builder
     */
    public Builder skill(String skill) {
      skills.add(Checks.maxLength(Checks.notBlank(skill, "skill"), 64, "skill"));
      return this;
    }

    /**
     * @param skills the skills the agent needs, replacing any set before
     * @return this builder
     */
    public Builder skills(java.util.Collection<String> skills) {
      this.skills.clear();
      Checks.notNull(skills, "skills").forEach(this::skill);
      return this;
    }

    /**
     * @param language the language the agent must speak (1-16 characters, e.g. {@code de}), or
     *     {@code null} for any
     * @return this builder
     */
    public Builder language(@org.jspecify.annotations.Nullable String language) {
      if (language != null) {
        Checks.maxLength(Checks.notBlank(language, "language"), 16, "language");
      }
      this.language = language;
      return this;
    }

    /**
     * @param pending whether a handoff offer is waiting for an answer
     * @return this builder
     */
    public Builder handoffPending(boolean pending) {
      this.handoffPending = pending;
      return this;
    }

    /**
     * @param breached whether the first-response breach was raised
     * @return this builder
     */
    public Builder firstResponseBreached(boolean breached) {
      this.firstResponseBreached = breached;
      return this;
    }

    /**
     * @param breached whether the resolution breach was raised
     * @return this builder
     */
    public Builder resolutionBreached(boolean breached) {
      this.resolutionBreached = breached;
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
