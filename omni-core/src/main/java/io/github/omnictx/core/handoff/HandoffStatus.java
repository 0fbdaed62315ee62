package io.github.omnictx.core.handoff;

/** Where a handoff stands. Only an {@link #OFFERED} handoff can change, except accepted to released. */
public enum HandoffStatus {
  /** Waiting for an answer until it expires. */
  OFFERED,
  /** Taken by one agent, who owns the conversation now. */
  ACCEPTED,
  /** Refused; the conversation went to the fallback owner. */
  DECLINED,
  /** Nobody answered in time; the conversation went to the fallback owner. */
  EXPIRED,
  /** The accepting agent gave control back (to a bot or a queue). */
  RELEASED,
  /**
   * Ended unanswered because its conversation was folded into another when the customers merged
   * (the reason is the last of its notes).
   */
  WITHDRAWN
}
