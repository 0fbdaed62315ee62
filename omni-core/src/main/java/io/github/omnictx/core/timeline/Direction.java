package io.github.omnictx.core.timeline;

/** Who a touchpoint came from. */
public enum Direction {
  /** From the customer to the business. */
  INBOUND,
  /** From the business to the customer. */
  OUTBOUND,
  /** Inside the business: notes, handoffs, status changes. */
  INTERNAL
}
