package io.github.omnictx.core.outbound;

import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.conversation.ConversationId;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.internal.Checks;
import io.github.omnictx.core.timeline.TouchpointId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What Omni decided for an {@link OutboundIntent}: {@link Outcome#QUEUED queued} on a channel and
 * address, {@link Outcome#DEFERRED deferred} until a time (quiet hours), or {@link
 * Outcome#SUPPRESSED suppressed} with a {@link SuppressionReason} and a detail. Every decision is
 * stored, suppressions too, and can be read back by id, by dedup key and by customer.
 *
 * <p>A queued or deferred decision carries its plan ({@link #steps()}): the first step is queued in
 * the outbox, the others are its fallback chain. {@link #rejected()} says why every other channel
 * was passed over. Immutable and thread-safe; stores rebuild one with {@link #builder}.
 */
public final class OutboundDecision {
  /** What was decided. */
  public enum Outcome {
    /** Queued now in the outbox for the first step's channel. */
    QUEUED,
    /** Queued in the outbox with a later due time ({@link #dueAt()}). */
    DEFERRED,
    /** Not sent: {@link #reason()} says why. */
    SUPPRESSED
  }

  private final DecisionId id;
  private final CustomerId customer;
  private final String dedupKey;
  private final String contentDigest;
  private final Purpose purpose;
  private final Outcome outcome;
  private final List<OutboundStep> steps;
  private final @Nullable Instant dueAt;
  private final @Nullable SuppressionReason reason;
  private final String detail;
  private final List<ChannelVerdict> rejected;
  private final Instant decidedAt;
  private final @Nullable Instant deadline;
  private final FallbackPolicy fallback;
  private final @Nullable ConversationId conversation;
  private final @Nullable TouchpointId touchpoint;

  private OutboundDecision(Builder b) {
    this.id = require(b.id, "id");
    this.customer = require(b.customer, "customer");
    this.dedupKey = require(b.dedupKey, "dedupKey");
    this.contentDigest = require(b.contentDigest, "contentDigest");
    this.purpose = require(b.purpose, "purpose");
    this.outcome = require(b.outcome, "outcome");
    this.steps = List.copyOf(b.steps);
    this.dueAt = b.dueAt;
    this.reason = b.reason;
    this.detail = require(b.detail, "detail");
    this.rejected = List.copyOf(b.rejected);
    this.decidedAt = require(b.decidedAt, "decidedAt");
    this.deadline = b.deadline;
    this.fallback = require(b.fallback, "fallback");
    this.conversation = b.conversation;
    this.touchpoint = b.touchpoint;
    boolean suppressed = outcome == Outcome.SUPPRESSED;
    if (suppressed != (reason != null) || suppressed != steps.isEmpty() || suppressed != (dueAt == null)
        || suppressed != (touchpoint == null)) {
      throw new IllegalStateException("a suppressed decision has a reason and no steps, due time or touchpoint; "
          + "a queued or deferred one the opposite, was: " + outcome + " reason " + reason + ", " + steps.size()
          + " steps, due " + dueAt + ", touchpoint " + touchpoint);
    }
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).index() != i) {
        throw new IllegalStateException("step " + i + " has index " + steps.get(i).index());
      }
    }
  }

  private static <T> T require(@Nullable T value, String field) {
    if (value == null) {
      throw new IllegalStateException("decision " + field + " is required");
    }
    return value;
  }

  /**
   * Starts a builder (for stores and the engine; applications receive decisions from {@link Outbound}).
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the id */
  public DecisionId id() {
    return id;
  }

  /** @return the live customer it was decided for */
  public CustomerId customer() {
    return customer;
  }

  /** @return the intent's dedup key */
  public String dedupKey() {
    return dedupKey;
  }

  /** @return the intent's {@link OutboundIntent#contentDigest()} */
  public String contentDigest() {
    return contentDigest;
  }

  /** @return the intent's purpose */
  public Purpose purpose() {
    return purpose;
  }

  /** @return what was decided */
  public Outcome outcome() {
    return outcome;
  }

  /** @return whether the message was queued or deferred (not suppressed) */
  public boolean sends() {
    return outcome != Outcome.SUPPRESSED;
  }

  /** @return the plan: the queued step first, then the fallback chain; empty when suppressed */
  public List<OutboundStep> steps() {
    return steps;
  }

  /** @return the first step's channel, empty when suppressed */
  public Optional<ChannelId> channel() {
    return steps.isEmpty() ? Optional.empty() : Optional.of(steps.get(0).channel());
  }

  /** @return the first step's address, empty when suppressed */
  public Optional<Identity> address() {
    return steps.isEmpty() ? Optional.empty() : Optional.of(steps.get(0).address());
  }

  /** @return when the first step is due: the decision time when queued, the end of quiet hours when deferred */
  public Optional<Instant> dueAt() {
    return Optional.ofNullable(dueAt);
  }

  /** @return why it was suppressed, empty when it sends */
  public Optional<SuppressionReason> reason() {
    return Optional.ofNullable(reason);
  }

  /** @return a one-line account of the decision, e.g. which check stopped each channel */
  public String detail() {
    return detail;
  }

  /** @return the channels passed over, each with the check it failed, in the order considered */
  public List<ChannelVerdict> rejected() {
    return rejected;
  }

  /** @return when it was decided, by Omni's clock */
  public Instant decidedAt() {
    return decidedAt;
  }

  /** @return the intent's deadline, if any */
  public Optional<Instant> deadline() {
    return Optional.ofNullable(deadline);
  }

  /** @return the intent's fallback policy */
  public FallbackPolicy fallback() {
    return fallback;
  }

  /** @return the conversation the message answers in, if any */
  public Optional<ConversationId> conversation() {
    return Optional.ofNullable(conversation);
  }

  /**
   * The outbound touchpoint of the first step, recorded with the decision at status {@code QUEUED}
   * (its id is the idempotency key the provider gets for that step).
   *
   * @return the touchpoint, empty when suppressed
   */
  public Optional<TouchpointId> touchpoint() {
    return Optional.ofNullable(touchpoint);
  }

  /** @return a builder holding this decision's values */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.id = id;
    b.customer = customer;
    b.dedupKey = dedupKey;
    b.contentDigest = contentDigest;
    b.purpose = purpose;
    b.outcome = outcome;
    b.steps.addAll(steps);
    b.dueAt = dueAt;
    b.reason = reason;
    b.detail = detail;
    b.rejected.addAll(rejected);
    b.decidedAt = decidedAt;
    b.deadline = deadline;
    b.fallback = fallback;
    b.conversation = conversation;
    b.touchpoint = touchpoint;
    return b;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof OutboundDecision)) {
      return false;
    }
    OutboundDecision d = (OutboundDecision) o;
    return id.equals(d.id) && customer.equals(d.customer) && dedupKey.equals(d.dedupKey)
        && contentDigest.equals(d.contentDigest) && purpose == d.purpose && outcome == d.outcome
        && steps.equals(d.steps) && Objects.equals(dueAt, d.dueAt) && reason == d.reason && detail.equals(d.detail)
        && rejected.equals(d.rejected) && decidedAt.equals(d.decidedAt) && Objects.equals(deadline, d.deadline)
        && fallback.equals(d.fallback) && Objects.equals(conversation, d.conversation)
        && Objects.equals(touchpoint, d.touchpoint);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return switch (outcome) {
      case QUEUED -> "QUEUED on " + steps.get(0).channel() + " to " + address(steps.get(0)) + fallbacks();
      case DEFERRED -> "DEFERRED until " + dueAt + " on " + steps.get(0).channel() + " to " + address(steps.get(0))
          + fallbacks();
      case SUPPRESSED -> "SUPPRESSED: " + reason + " (" + detail + ")";
    };
  }

  private static String address(OutboundStep step) {
    return step.address().kind() + " " + step.address().value();
  }

  private String fallbacks() {
    if (steps.size() == 1) {
      return "";
    }
    List<String> next = new ArrayList<>();
    steps.subList(1, steps.size()).forEach(s -> next.add(s.channel().value()));
    return ", then " + String.join(", ", next);
  }

  /** Builds an {@link OutboundDecision}. Not thread-safe. */
  public static final class Builder {
    private @Nullable DecisionId id;
    private @Nullable CustomerId customer;
    private @Nullable String dedupKey;
    private @Nullable String contentDigest;
    private @Nullable Purpose purpose;
    private @Nullable Outcome outcome;
    private final List<OutboundStep> steps = new ArrayList<>();
    private @Nullable Instant dueAt;
    private @Nullable SuppressionReason reason;
    private @Nullable String detail;
    private final List<ChannelVerdict> rejected = new ArrayList<>();
    private @Nullable Instant decidedAt;
    private @Nullable Instant deadline;
    private @Nullable FallbackPolicy fallback;
    private @Nullable ConversationId conversation;
    private @Nullable TouchpointId touchpoint;

    private Builder() {}

    /**
     * @param id the id
     * @return this builder
     */
    public Builder id(DecisionId id) {
      this.id = Checks.notNull(id, "id");
      return this;
    }

    /**
     * @param customer the live customer
     * @return this builder
     */
    public Builder customer(CustomerId customer) {
      this.customer = Checks.notNull(customer, "customer");
      return this;
    }

    /**
     * @param dedupKey the intent's dedup key
     * @return this builder
     */
    public Builder dedupKey(String dedupKey) {
      this.dedupKey = Checks.notBlank(dedupKey, "dedupKey");
      return this;
    }

    /**
     * @param digest the intent's content digest
     * @return this builder
     */
    public Builder contentDigest(String digest) {
      this.contentDigest = Checks.notBlank(digest, "contentDigest");
      return this;
    }

    /**
     * @param purpose the purpose
     * @return this builder
     */
    public Builder purpose(Purpose purpose) {
      this.purpose = Checks.notNull(purpose, "purpose");
      return this;
    }

    /**
     * @param outcome what was decided
     * @return this builder
     */
    public Builder outcome(Outcome outcome) {
      this.outcome = Checks.notNull(outcome, "outcome");
      return this;
    }

    /**
     * @param steps the plan, indexed from 0
     * @return this builder
     */
    public Builder steps(List<OutboundStep> steps) {
      this.steps.clear();
      Checks.notNull(steps, "steps").forEach(s -> this.steps.add(Checks.notNull(s, "step")));
      return this;
    }

    /**
     * @param dueAt when the first step is due, or {@code null} when suppressed
     * @return this builder
     */
    public Builder dueAt(@org.jspecify.annotations.Nullable Instant dueAt) {
      this.dueAt = dueAt == null ? null : Checks.micros(dueAt, "dueAt");
      return this;
    }

    /**
     * @param reason why it was suppressed, or {@code null}
     * @return this builder
     */
    public Builder reason(@org.jspecify.annotations.Nullable SuppressionReason reason) {
      this.reason = reason;
      return this;
    }

    /**
     * @param detail the one-line account
     * @return this builder
     */
    public Builder detail(String detail) {
      this.detail = Checks.notNull(detail, "detail");
      return this;
    }

    /**
     * @param rejected the channels passed over
     * @return this builder
     */
    public Builder rejected(List<ChannelVerdict> rejected) {
      this.rejected.clear();
      Checks.notNull(rejected, "rejected").forEach(v -> this.rejected.add(Checks.notNull(v, "verdict")));
      return this;
    }

    /**
     * @param at when it was decided
     * @return this builder
     */
    public Builder decidedAt(Instant at) {
      this.decidedAt = Checks.micros(at, "decidedAt");
      return this;
    }

    /**
     * @param deadline the intent's deadline, or {@code null}
     * @return this builder
     */
    public Builder deadline(@org.jspecify.annotations.Nullable Instant deadline) {
      this.deadline = deadline == null ? null : Checks.micros(deadline, "deadline");
      return this;
    }

    /**
     * @param fallback the intent's fallback policy
     * @return this builder
     */
    public Builder fallback(FallbackPolicy fallback) {
      this.fallback = Checks.notNull(fallback, "fallback");
      return this;
    }

    /**
     * @param conversation the conversation, or {@code null}
     * @return this builder
     */
    public Builder conversation(@org.jspecify.annotations.Nullable ConversationId conversation) {
      this.conversation = conversation;
      return this;
    }

    /**
     * @param touchpoint the first step's touchpoint, or {@code null} when suppressed
     * @return this builder
     */
    public Builder touchpoint(@org.jspecify.annotations.Nullable TouchpointId touchpoint) {
      this.touchpoint = touchpoint;
      return this;
    }

    /**
     * @return the decision
     * @throws IllegalStateException if a required field is missing or the outcome contradicts the rest
     */
    public OutboundDecision build() {
      return new OutboundDecision(this);
    }
  }
}
