package io.github.omnictx.core.outbound;

import io.github.omnictx.core.internal.Checks;
import io.github.omnictx.core.timeline.TouchpointId;
import java.time.Instant;
import java.util.Optional;

/**
 * How far a decision's plan got: the step in flight, its state, the step's outbound touchpoint
 * (whose delivery status follows the provider's receipts) and the last failure. Changed only by the
 * dispatcher and by receipts, compare-and-set on {@link #version()}.
 *
 * @param decision the decision
 * @param step the step in flight (or the last one taken), from 0
 * @param state where that step is
 * @param touchpoint the step's outbound touchpoint, empty for a suppressed decision
 * @param lastError the last failure of any step, e.g. {@code "sms: RATE_LIMITED (code 20429): ..."}
 * @param updatedAt when it last changed, by Omni's clock
 * @param version the optimistic-locking version, 0 when the decision was recorded
 */
public record OutboundProgress(DecisionId decision, int step, State state, Optional<TouchpointId> touchpoint,
    Optional<String> lastError, Instant updatedAt, long version) {
  /** The longest {@link #lastError()} kept, in characters. */
  public static final int MAX_ERROR = 500;

  /** Where the step in flight is. */
  public enum State {
    /** Waiting in the outbox: due now, deferred, or retrying after a failure. */
    PENDING,
    /** Handed to the provider, which accepted it; receipts move its touchpoint on. */
    SENT,
    /** Every step ended without a send that the provider accepted; {@link #lastError()} says why. */
    FAILED,
    /** The decision was a suppression: nothing was ever queued. */
    SUPPRESSED
  }

  /**
   * Validates the fields, shortening the error to {@value #MAX_ERROR} characters.
   *
   * @throws IllegalArgumentException if a field is null or the step or version negative
   */
  public OutboundProgress {
    Checks.notNull(decision, "decision");
    if (step < 0) {
      throw new IllegalArgumentException("step must be >= 0, was: " + step);
    }
    Checks.notNull(state, "state");
    Checks.notNull(touchpoint, "touchpoint");
    Checks.notNull(lastError, "lastError");
    lastError = lastError.map(e -> e.length() > MAX_ERROR ? e.substring(0, MAX_ERROR - 3) + "..." : e);
    updatedAt = Checks.micros(updatedAt, "updatedAt");
    if (version < 0) {
      throw new IllegalArgumentException("version must be >= 0, was: " + version);
    }
  }

  /**
   * The progress a decision starts with.
   *
   * @param decision the decision just made
   * @return step 0, pending (or suppressed), version 0
   */
  public static OutboundProgress start(OutboundDecision decision) {
    return new OutboundProgress(decision.id(), 0, decision.sends() ? State.PENDING : State.SUPPRESSED,
        decision.touchpoint(), Optional.empty(), decision.decidedAt(), 0);
  }

  /**
   * The next version of this progress.
   *
   * @param step the step now in flight
   * @param state its state
   * @param touchpoint its touchpoint
   * @param lastError the last failure, or empty to keep the current one
   * @param at when, not before {@link #updatedAt()} (kept when earlier)
   * @return the progress at {@code version + 1}
   */
  public OutboundProgress next(int step, State state, Optional<TouchpointId> touchpoint, Optional<String> lastError,
      Instant at) {
    return new OutboundProgress(decision, step, state, touchpoint, lastError.or(() -> this.lastError),
        at.isBefore(updatedAt) ? updatedAt : at, version + 1);
  }
}
