package io.github.omnictx.core.conversation;

import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.internal.Checks;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

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
  private final @Nullable String topic;
  private final int priority;
  private final Set<String> tags;
  private final Instant openedAt;
  private final Instant updatedAt;
  private final @Nullable Instant lastInboundAt;
  private final @Nullable Instant firstResponseAt;
  private final @Nullable Instant firstBotResponseAt;
  private final @Nullable Instant resolvedAt;
  private final @Nullable Instant snoozedUntil;
  private final @Nullable Instant firstResponseDueAt;
  private final @Nullable Instant resolutionDueAt;
  private final ChannelId lastChannel;
  private final @Nullable Instant queuedAt;
  private final @Nullable AgentId lastAgent;
  private final @Nullable Instant lastAgentAt;
  private final Set<String> skills;
  private final @Nullable String language;
  private final boolean handoffPending;
  private final boolean firstResponseBreached;
  private final boolean resolutionBreached;
  private final @Nullable ConversationMerge merged;
  private final long version;

  private Conversation(Builder b) {
    ConversationChecks.required(b.id, b.customerId, b.owner, b.openedAt, b.channels, b.status, b.snoozedUntil);
    this.id = Objects.requireNonNull(b.id);
    this.customerId = Objects.requireNonNull(b.customerId);
    this.status = b.status;
    this.owner = Objects.requireNonNull(b.owner);
    this.channels = Collections.unmodifiableSet(new LinkedHashSet<>(b.channels));
    this.topic = b.topic;
    this.priority = b.priority;
    this.tags = Collections.unmodifiableSet(new TreeSet<>(b.tags));
    this.openedAt = Objects.requireNonNull(b.openedAt);
    this.updatedAt = Objects.requireNonNull(b.updatedAt == null ? b.openedAt : b.updatedAt);
    this.lastInboundAt = b.lastInboundAt;
    this.firstResponseAt = b.firstResponseAt;
    this.firstBotResponseAt = b.firstBotResponseAt;
    this.resolvedAt = b.resolvedAt;
    this.snoozedUntil = b.snoozedUntil;
    this.firstResponseDueAt = b.firstResponseDueAt;
    this.resolutionDueAt = b.resolutionDueAt;
    this.lastChannel = ConversationChecks.lastChannel(this.id, this.channels, b.lastChannel);
    // queuedAt is kept exactly while a queue owns the conversation: defaulted when a queue takes it
    // without one, dropped when anyone else does.
    this.queuedAt = b.owner.kind() != Participant.Kind.QUEUE ? null
        : b.queuedAt != null ? b.queuedAt : this.updatedAt;
    ConversationChecks.together(this.id, b.lastAgent, b.lastAgentAt);
    this.lastAgent = b.lastAgent;
    this.lastAgentAt = b.lastAgentAt;
    this.skills = Collections.unmodifiableSet(new TreeSet<>(b.skills));
    this.language = b.language;
    this.handoffPending = b.handoffPending;
    this.firstResponseBreached = b.firstResponseBreached;
    this.resolutionBreached = b.resolutionBreached;
    this.merged = b.merged;
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
    b.firstBotResponseAt = firstBotResponseAt;
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
    b.merged = merged;
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

  /**
   * When a person (an agent, or a queue's team: anyone but a bot) first answered, which stops the
   * first-response SLA clock; a bot's
   * reply counts only when the tenant's {@link ConversationPolicy#botRepliesCountAsFirstResponse()}.
   *
   * @return the time, if someone who counts has answered
   */
  public Optional<Instant> firstResponseAt() {
    return Optional.ofNullable(firstResponseAt);
  }

  /** @return when a bot first answered, if one has */
  public Optional<Instant> firstBotResponseAt() {
    return Optional.ofNullable(firstBotResponseAt);
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
   * @return the channel the customer used last (the latest inbound message or channel handoff; the
   *     first channel until another is used), one of {@link #channels()}; routing counts the
   *     conversation against the agent's capacity for this channel's kind
   */
  public ChannelId lastChannel() {
    return lastChannel;
  }

  /** @return when it entered the queue it is waiting in: present exactly when a queue owns it */
  public Optional<Instant> queuedAt() {
    return Optional.ofNullable(queuedAt);
  }

  /** @return the id of the agent who owned it last (now or before), if any agent ever did */
  public Optional<AgentId> lastAgent() {
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
   * @return whether a handoff offer for it is waiting for an answer; meanwhile nobody receives its
   *     inbound messages: they are held for whoever ends up owning it
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

  /** @return how it was folded into another conversation when customers merged, if it was */
  public Optional<ConversationMerge> merged() {
    return Optional.ofNullable(merged);
  }

  /** @return the version, incremented by every change */
  public long version() {
    return version;
  }

  /** Every field, channels as an ordered list: two conversations are equal when these are. */
  private Object[] state() {
    return new Object[] {id, customerId, status, owner, List.copyOf(channels), topic, priority, tags, openedAt,
        updatedAt, lastInboundAt, firstResponseAt, firstBotResponseAt, resolvedAt, snoozedUntil, firstResponseDueAt,
        resolutionDueAt, lastChannel, queuedAt, lastAgent, lastAgentAt, skills, language, handoffPending, firstResponseBreached,
        resolutionBreached, merged, version};
  }

  @Override
  public boolean equals(Object o) {
    return this == o || o instanceof Conversation c && Arrays.equals(state(), c.state());
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
    private @Nullable ConversationId id;
    private @Nullable CustomerId customerId;
    private ConversationStatus status = ConversationStatus.OPEN;
    private @Nullable Participant owner;
    private final Set<ChannelId> channels = new LinkedHashSet<>();
    private @Nullable String topic;
    private int priority;
    private final Set<String> tags = new TreeSet<>();
    private @Nullable Instant openedAt;
    private @Nullable Instant updatedAt;
    private @Nullable Instant lastInboundAt;
    private @Nullable Instant firstResponseAt;
    private @Nullable Instant firstBotResponseAt;
    private @Nullable Instant resolvedAt;
    private @Nullable Instant snoozedUntil;
    private @Nullable Instant firstResponseDueAt;
    private @Nullable Instant resolutionDueAt;
    private @Nullable ChannelId lastChannel;
    private @Nullable Instant queuedAt;
    private @Nullable AgentId lastAgent;
    private @Nullable Instant lastAgentAt;
    private final Set<String> skills = new TreeSet<>();
    private @Nullable String language;
    private boolean handoffPending;
    private boolean firstResponseBreached;
    private boolean resolutionBreached;
    private @Nullable ConversationMerge merged;
    private long version;

    private Builder() {}

    /** Sets the id ({@code id}); returns this builder. */
    public Builder id(ConversationId id) {
      this.id = Checks.notNull(id, "conversation id");
      return this;
    }

    /** Sets the customer ({@code customerId}); returns this builder. */
    public Builder customerId(CustomerId customerId) {
      this.customerId = Checks.notNull(customerId, "customer");
      return this;
    }

    /** Sets the status ({@code status}); returns this builder. */
    public Builder status(ConversationStatus status) {
      this.status = Checks.notNull(status, "status");
      return this;
    }

    /** Sets the owner ({@code owner}); returns this builder. */
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
    public Builder topic(@Nullable String topic) {
      this.topic = ConversationChecks.text(topic, "topic", 128);
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

    /** Adds a tag, 1-64 characters; returns this builder. */
    public Builder tag(String tag) {
      tags.add(Checks.maxLength(Checks.notBlank(tag, "tag"), 64, "tag"));
      return this;
    }

    /** Removes a tag; returns this builder. */
    public Builder removeTag(String tag) {
      tags.remove(tag);
      return this;
    }

    /** Sets when it opened ({@code openedAt}); returns this builder. */
    public Builder openedAt(Instant at) {
      this.openedAt = Checks.micros(at, "openedAt");
      return this;
    }

    /** Sets when it last changed ({@code updatedAt}); returns this builder. */
    public Builder updatedAt(Instant at) {
      this.updatedAt = Checks.micros(at, "updatedAt");
      return this;
    }

    /** Sets when the customer last wrote, or {@code null} ({@code lastInboundAt}); returns this builder. */
    public Builder lastInboundAt(@Nullable Instant at) {
      this.lastInboundAt = ConversationChecks.micros(at, "lastInboundAt");
      return this;
    }

    /**
     * @param at when a person first answered (a bot too if the policy counts bots), or {@code null}
     * @return this builder
     */
    public Builder firstResponseAt(@Nullable Instant at) {
      this.firstResponseAt = ConversationChecks.micros(at, "firstResponseAt");
      return this;
    }

    /**
     * @param at when a bot first answered, or {@code null}
     * @return this builder
     */
    public Builder firstBotResponseAt(@Nullable Instant at) {
      this.firstBotResponseAt = ConversationChecks.micros(at, "firstBotResponseAt");
      return this;
    }

    /** Sets when it was resolved, or {@code null} ({@code resolvedAt}); returns this builder. */
    public Builder resolvedAt(@Nullable Instant at) {
      this.resolvedAt = ConversationChecks.micros(at, "resolvedAt");
      return this;
    }

    /** Sets until when it is snoozed, or {@code null} ({@code snoozedUntil}); returns this builder. */
    public Builder snoozedUntil(@Nullable Instant until) {
      this.snoozedUntil = ConversationChecks.micros(until, "snoozedUntil");
      return this;
    }

    /** Sets the first-response deadline, or {@code null} ({@code firstResponseDueAt}); returns this builder. */
    public Builder firstResponseDueAt(@Nullable Instant at) {
      this.firstResponseDueAt = ConversationChecks.micros(at, "firstResponseDueAt");
      return this;
    }

    /** Sets the resolution deadline, or {@code null} ({@code resolutionDueAt}); returns this builder. */
    public Builder resolutionDueAt(@Nullable Instant at) {
      this.resolutionDueAt = ConversationChecks.micros(at, "resolutionDueAt");
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
    public Builder queuedAt(@Nullable Instant at) {
      this.queuedAt = ConversationChecks.micros(at, "queuedAt");
      return this;
    }

    /**
     * @param agentId the agent who owned it last, or {@code null}
     * @param at when that agent took it, or {@code null}
     * @return this builder
     */
    public Builder lastAgent(@Nullable AgentId agentId, @Nullable Instant at) {
      this.lastAgent = agentId;
      this.lastAgentAt = ConversationChecks.micros(at, "lastAgentAt");
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
    public Builder skills(Collection<String> skills) {
      this.skills.clear();
      Checks.notNull(skills, "skills").forEach(this::skill);
      return this;
    }

    /**
     * @param language the language the agent must speak (1-16 characters, e.g. {@code de}), or
     *     {@code null} for any
     * @return this builder
     */
    public Builder language(@Nullable String language) {
      this.language = ConversationChecks.text(language, "language", 16);
      return this;
    }

    /** Sets whether a handoff offer is waiting for an answer ({@code handoffPending}); returns this builder. */
    public Builder handoffPending(boolean pending) {
      this.handoffPending = pending;
      return this;
    }

    /** Sets whether the first-response breach was raised ({@code firstResponseBreached}); returns this builder. */
    public Builder firstResponseBreached(boolean breached) {
      this.firstResponseBreached = breached;
      return this;
    }

    /** Sets whether the resolution breach was raised ({@code resolutionBreached}); returns this builder. */
    public Builder resolutionBreached(boolean breached) {
      this.resolutionBreached = breached;
      return this;
    }

    /** Sets how it was folded into another conversation, or {@code null} ({@code merged}); returns this builder. */
    public Builder merged(@Nullable ConversationMerge merge) {
      this.merged = merge;
      return this;
    }

    /** Sets the version, {@code >= 0} ({@code version}); returns this builder. */
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
