package io.github.omnictx.core.conversation;

import io.github.omnictx.core.internal.Checks;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import java.util.Objects;

/**
 * How a tenant's conversations behave: when an inbound message reopens a resolved conversation,
 * whether each topic gets its own conversation, who owns a new conversation, how long a handoff
 * offer waits, and the SLA targets per priority. Set on {@code Omni.builder().conversationPolicy(...)}.
 *
 * <p>Immutable and thread-safe. Build with {@link #builder()}; {@link #defaults()} holds the defaults.
 */
public final class ConversationPolicy {
  private final Duration reopenWindow;
  private final boolean onePerTopic;
  private final Participant initialOwner;
  private final Participant defaultQueue;
  private final Duration handoffTimeout;
  private final int transcriptLimit;
  private final int recentActivityLimit;
  private final Map<Integer, SlaTarget> slaByPriority;
  private final @Nullable SlaTarget defaultSla;
  private final boolean botRepliesCountAsFirstResponse;

  private ConversationPolicy(Builder b) {
    this.reopenWindow = b.reopenWindow;
    this.onePerTopic = b.onePerTopic;
    this.initialOwner = b.initialOwner;
    this.defaultQueue = b.defaultQueue;
    this.handoffTimeout = b.handoffTimeout;
    this.transcriptLimit = b.transcriptLimit;
    this.recentActivityLimit = b.recentActivityLimit;
    this.slaByPriority = Map.copyOf(b.slaByPriority);
    this.defaultSla = b.defaultSla;
    this.botRepliesCountAsFirstResponse = b.botRepliesCountAsFirstResponse;
  }

  /** @return the default policy (see {@link Builder}) */
  public static ConversationPolicy defaults() {
    return builder().build();
  }

  /** @return a builder with the defaults */
  public static Builder builder() {
    return new Builder();
  }

  /** @return a builder holding this policy's values */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.reopenWindow = reopenWindow;
    b.onePerTopic = onePerTopic;
    b.initialOwner = initialOwner;
    b.defaultQueue = defaultQueue;
    b.handoffTimeout = handoffTimeout;
    b.transcriptLimit = transcriptLimit;
    b.recentActivityLimit = recentActivityLimit;
    b.slaByPriority.putAll(slaByPriority);
    b.defaultSla = defaultSla;
    b.botRepliesCountAsFirstResponse = botRepliesCountAsFirstResponse;
    return b;
  }

  /** @return how long after resolution a new inbound message reopens the conversation; zero: never */
  public Duration reopenWindow() {
    return reopenWindow;
  }

  /** @return whether an inbound message with a topic joins only a conversation with that topic */
  public boolean onePerTopic() {
    return onePerTopic;
  }

  /** @return who owns a newly opened conversation: a bot, or a queue to be routed to an agent */
  public Participant initialOwner() {
    return initialOwner;
  }

  /** @return the queue a reopened agent conversation and a release without target go to */
  public Participant defaultQueue() {
    return defaultQueue;
  }

  /** @return how long a handoff offer waits for an answer unless the request says otherwise */
  public Duration handoffTimeout() {
    return handoffTimeout;
  }

  /** @return the most messages of the conversation a handoff context carries (the newest) */
  public int transcriptLimit() {
    return transcriptLimit;
  }

  /** @return the most touchpoints outside the conversation a handoff context carries */
  public int recentActivityLimit() {
    return recentActivityLimit;
  }

  /**
   * Whether a bot's reply stops the first-response clock. By default only a person's (an agent's,
   * or a queue's team's) does: a bot's instant reply is kept as {@link Conversation#firstBotResponseAt()} and the
   * conversation still waits for a person.
   *
   * @return whether bots count
   */
  public boolean botRepliesCountAsFirstResponse() {
    return botRepliesCountAsFirstResponse;
  }

  /**
   * The SLA target for a priority: the one set for it, else the default one.
   *
   * @param priority the conversation's priority
   * @return the target, empty when none applies
   */
  public Optional<SlaTarget> sla(int priority) {
    SlaTarget t = slaByPriority.get(priority);
    return Optional.ofNullable(t != null ? t : defaultSla);
  }

  /** Builds a {@link ConversationPolicy}. Not thread-safe. */
  public static final class Builder {
    private Duration reopenWindow = Duration.ofDays(7);
    private boolean onePerTopic;
    private Participant initialOwner = Participant.queue("default");
    private Participant defaultQueue = Participant.queue("default");
    private Duration handoffTimeout = Duration.ofMinutes(2);
    private int transcriptLimit = 50;
    private int recentActivityLimit = 10;
    private final Map<Integer, SlaTarget> slaByPriority = new TreeMap<>();
    private @Nullable SlaTarget defaultSla;
    private boolean botRepliesCountAsFirstResponse;

    private Builder() {}

    /**
     * @param count whether a bot's reply stops the first-response clock (default false: only a
     *     person's does; the bot's time is kept either way)
     * @return this builder
     */
    public Builder botRepliesCountAsFirstResponse(boolean count) {
      this.botRepliesCountAsFirstResponse = count;
      return this;
    }

    /**
     * @param window how long after resolution a new message reopens it (default 7 days); zero
     *     to always open a new conversation
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder reopenWindow(Duration window) {
      Checks.notNull(window, "reopenWindow");
      if (window.isNegative()) {
        throw new IllegalArgumentException("reopenWindow must not be negative, was: " + window);
      }
      this.reopenWindow = window;
      return this;
    }

    /**
     * @param onePerTopic whether each topic (e.g. order number) gets its own conversation (default false)
     * @return this builder
     */
    public Builder onePerTopic(boolean onePerTopic) {
      this.onePerTopic = onePerTopic;
      return this;
    }

    /**
     * @param owner who owns a new conversation: a bot or a queue (default {@code queue:default})
     * @return this builder
     * @throws IllegalArgumentException if it is an agent
     */
    public Builder initialOwner(Participant owner) {
      Checks.notNull(owner, "initialOwner");
      if (owner.kind() == Participant.Kind.AGENT) {
        throw new IllegalArgumentException("initialOwner must be a bot or a queue, was: " + owner);
      }
      this.initialOwner = owner;
      return this;
    }

    /**
     * @param queue the default queue (default {@code queue:default})
     * @return this builder
     * @throws IllegalArgumentException if it is not a queue
     */
    public Builder defaultQueue(Participant queue) {
      Checks.notNull(queue, "defaultQueue");
      if (queue.kind() != Participant.Kind.QUEUE) {
        throw new IllegalArgumentException("defaultQueue must be a queue, was: " + queue);
      }
      this.defaultQueue = queue;
      return this;
    }

    /**
     * @param timeout how long an offer waits (default 2 minutes)
     * @return this builder
     * @throws IllegalArgumentException if zero or negative
     */
    public Builder handoffTimeout(Duration timeout) {
      Checks.notNull(timeout, "handoffTimeout");
      if (timeout.isZero() || timeout.isNegative()) {
        throw new IllegalArgumentException("handoffTimeout must be positive, was: " + timeout);
      }
      this.handoffTimeout = timeout;
      return this;
    }

    /**
     * @param limit the most conversation messages in a handoff context, 1-500 (default 50)
     * @return this builder
     */
    public Builder transcriptLimit(int limit) {
      this.transcriptLimit = range(limit, 1, 500, "transcriptLimit");
      return this;
    }

    /**
     * @param limit the most other touchpoints in a handoff context, 0-100 (default 10)
     * @return this builder
     */
    public Builder recentActivityLimit(int limit) {
      this.recentActivityLimit = range(limit, 0, 100, "recentActivityLimit");
      return this;
    }

    /**
     * @param target the SLA target for every priority without one of its own (default none)
     * @return this builder
     */
    public Builder sla(SlaTarget target) {
      this.defaultSla = Checks.notNull(target, "sla");
      return this;
    }

    /**
     * @param priority the priority, 0-9
     * @param target its SLA target
     * @return this builder
     */
    public Builder sla(int priority, SlaTarget target) {
      slaByPriority.put(range(priority, 0, 9, "priority"), Checks.notNull(target, "sla"));
      return this;
    }

    private static int range(int value, int min, int max, String field) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(field + " must be between " + min + " and " + max + ", was: " + value);
      }
      return value;
    }

    /** @return the policy */
    public ConversationPolicy build() {
      return new ConversationPolicy(this);
    }
  }
}
