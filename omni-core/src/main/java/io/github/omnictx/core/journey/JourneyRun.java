package io.github.omnictx.core.journey;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.internal.Checks;
import java.time.Instant;
import java.util.Optional;

/**
 * One run of a journey for one correlation key (a cart, a visit, a year's birthday): where it is
 * and why it ended. Kept in the store and changed compare-and-set on its version; a run keeps the
 * journey version it started with. Immutable (the context is copied in and out).
 *
 * @param id the run id
 * @param journey the journey's name
 * @param journeyVersion the version of the definition the run started with
 * @param customer the customer the run is about
 * @param correlationKey what makes runs one: at most one active run per (journey, key), 1-200 characters
 * @param sequence 0 for the key's first run, +1 for each re-entry
 * @param status active or how it ended
 * @param step the index of the step the run is at (for an ended run, where it ended)
 * @param waitingUntil while the run waits, when its timer runs out
 * @param startedAt when it started (Omni's clock)
 * @param updatedAt when it last changed
 * @param endedAt when it ended, if it did
 * @param reason why it ended (exit guard, step failure, end of steps), at most 500 characters
 * @param context what the run remembers: the triggering touchpoint, the event it waited for, its
 *     last send, and a short log of what each step did (a JSON object Omni writes)
 * @param version the compare-and-set version, 0 when written
 */
public record JourneyRun(JourneyRunId id, String journey, int journeyVersion, CustomerId customer,
    String correlationKey, int sequence, Status status, int step, Optional<Instant> waitingUntil, Instant startedAt,
    Instant updatedAt, Optional<Instant> endedAt, Optional<String> reason, JsonNode context, long version) {
  /** The longest correlation key, in characters. */
  public static final int MAX_KEY = 200;
  /** The longest reason kept, in characters. */
  public static final int MAX_REASON = 500;

  /** Where a run is. */
  public enum Status {
    /** Running or waiting. */
    ACTIVE,
    /** Went through its steps. */
    COMPLETED,
    /** Ended by an exit guard. */
    EXITED,
    /** Ended by a step that can never succeed; the reason says which and why. */
    FAILED;

    /** @return whether the run is over */
    public boolean ended() {
      return this != ACTIVE;
    }
  }

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if a field is null or out of range
   */
  public JourneyRun {
    Checks.notNull(id, "id");
    Journey.checkName(journey);
    if (journeyVersion < 1 || sequence < 0 || step < 0 || version < 0) {
      throw new IllegalArgumentException("journeyVersion must be >= 1 and sequence, step, version >= 0, were: "
          + journeyVersion + ", " + sequence + ", " + step + ", " + version);
    }
    Checks.notNull(customer, "customer");
    Checks.maxLength(Checks.notBlank(correlationKey, "correlationKey"), MAX_KEY, "correlationKey");
    Checks.notNull(status, "status");
    waitingUntil = Checks.notNull(waitingUntil, "waitingUntil").map(t -> Checks.micros(t, "waitingUntil"));
    startedAt = Checks.micros(startedAt, "startedAt");
    updatedAt = Checks.micros(updatedAt, "updatedAt");
    endedAt = Checks.notNull(endedAt, "endedAt").map(t -> Checks.micros(t, "endedAt"));
    reason = Checks.notNull(reason, "reason")
        .map(r -> r.length() > MAX_REASON ? r.substring(0, MAX_REASON - 3) + "..." : r);
    if (!Checks.notNull(context, "context").isObject()) {
      throw new IllegalArgumentException("context must be a JSON object, was: " + context.getNodeType());
    }
    context = context.deepCopy();
  }

  /** @return a copy of the context */
  @Override
  public JsonNode context() {
    return context.deepCopy();
  }
}
