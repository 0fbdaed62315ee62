package io.github.omnictx.core.handoff;

import io.github.omnictx.core.conversation.Participant;
import io.github.omnictx.core.internal.Checks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An offer to hand a conversation to an agent or a queue, with the reason, what the bot collected,
 * notes, a timeout and who gets the conversation if nobody takes it. Immutable; build with {@link
 * #to(Participant, String)}.
 */
public final class HandoffRequest {
  private final Participant to;
  private final String reason;
  private final @Nullable Participant fallback;
  private final BotCollected collected;
  private final List<String> notes;
  private final @Nullable Duration timeout;

  private HandoffRequest(Builder b) {
    this.to = b.to;
    this.reason = b.reason;
    this.fallback = b.fallback;
    this.collected = b.collected;
    this.notes = List.copyOf(b.notes);
    this.timeout = b.timeout;
  }

  /**
   * Starts a request.
   *
   * @param to an agent (only they may accept) or a queue (any agent may accept)
   * @param reason why, 1-512 characters
   * @return a builder
   * @throws IllegalArgumentException if {@code to} is a bot or the reason is blank
   */
  public static Builder to(Participant to, String reason) {
    Checks.notNull(to, "to");
    if (to.kind() == Participant.Kind.BOT) {
      throw new IllegalArgumentException("a handoff goes to an agent or a queue, was: " + to);
    }
    return new Builder(to, Checks.maxLength(Checks.notBlank(reason, "reason"), 512, "reason"));
  }

  /** @return the target */
  public Participant target() {
    return to;
  }

  /** @return the reason */
  public String reason() {
    return reason;
  }

  /**
   * Who owns the conversation if the offer is declined or expires. Empty: the queue offered to, or
   * for an offer to one agent the current owner.
   *
   * @return the fallback, if set
   */
  public Optional<Participant> fallback() {
    return Optional.ofNullable(fallback);
  }

  /** @return what the bot collected */
  public BotCollected collected() {
    return collected;
  }

  /** @return notes for the new owner */
  public List<String> notes() {
    return notes;
  }

  /** @return how long the offer waits, empty for the policy's handoff timeout */
  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }

  /** Builds a {@link HandoffRequest}. Not thread-safe. */
  public static final class Builder {
    private final Participant to;
    private final String reason;
    private @Nullable Participant fallback;
    private BotCollected collected = BotCollected.NOTHING;
    private final List<String> notes = new ArrayList<>();
    private @Nullable Duration timeout;

    private Builder(Participant to, String reason) {
      this.to = to;
      this.reason = reason;
    }

    /**
     * @param fallback who owns it if declined or expired
     * @return this builder
     */
    public Builder fallback(Participant fallback) {
      this.fallback = Checks.notNull(fallback, "fallback");
      return this;
    }

    /**
     * @param collected what the bot collected
     * @return this builder
     */
    public Builder collected(BotCollected collected) {
      this.collected = Checks.notNull(collected, "collected");
      return this;
    }

    /**
     * @param note a note, 1-2000 characters
     * @return this builder
     */
    public Builder note(String note) {
      notes.add(Checks.maxLength(Checks.notBlank(note, "note"), 2000, "note"));
      return this;
    }

    /**
     * @param timeout how long the offer waits, positive
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      Checks.notNull(timeout, "timeout");
      if (timeout.isZero() || timeout.isNegative()) {
        throw new IllegalArgumentException("timeout must be positive, was: " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** @return the request */
    public HandoffRequest build() {
      return new HandoffRequest(this);
    }
  }
}
