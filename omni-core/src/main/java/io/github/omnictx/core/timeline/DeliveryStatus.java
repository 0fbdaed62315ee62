package io.github.omnictx.core.timeline;

/**
 * How far an outbound message got, as the provider reports it: a one-way state machine, {@code
 * QUEUED -> SENT -> DELIVERED -> READ}, or {@code FAILED} from {@code QUEUED} or {@code SENT}.
 * Statuses only move forward ({@link #canAdvanceTo}): a late "delivered" never overwrites "read",
 * a "failed" reported after "delivered" or "read" changes nothing, and {@link #FAILED} is final.
 */
public enum DeliveryStatus {
  /** Accepted by Omni, not yet handed to the provider. */
  QUEUED(0),
  /** Accepted by the provider. */
  SENT(1),
  /** Delivered to the customer's device. */
  DELIVERED(2),
  /** Read by the customer. */
  READ(3),
  /** The provider gave up. */
  FAILED(4);

  private final int rank;

  DeliveryStatus(int rank) {
    this.rank = rank;
  }

  /** @return the order in which statuses may follow one another */
  public int rank() {
    return rank;
  }

  /**
   * Whether a reported status may replace this one.
   *
   * @param next the newly reported status
   * @return {@code true} when {@code next} is further along: a higher rank, where {@link #FAILED}
   *     follows only {@link #QUEUED} and {@link #SENT} (a message delivered to the device did not fail)
   */
  public boolean canAdvanceTo(DeliveryStatus next) {
    if (this == FAILED) {
      return false;
    }
    if (next == FAILED) {
      return this == QUEUED || this == SENT;
    }
    return next.rank > rank;
  }
}
