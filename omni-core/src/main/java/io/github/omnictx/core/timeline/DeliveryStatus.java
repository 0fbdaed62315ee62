package io.github.omnictx.core.timeline;

/**
 * How far an outbound message got, as the provider reports it. Statuses only move forward
 * ({@link #rank()}): a late "delivered" never overwrites "read"; {@link #FAILED} is final.
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
   * @return {@code true} when {@code next} is further along
   */
  public boolean canAdvanceTo(DeliveryStatus next) {
    return this != FAILED && next.rank > rank;
  }
}
