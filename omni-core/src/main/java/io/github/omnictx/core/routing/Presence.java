package io.github.omnictx.core.routing;

/** Whether an agent takes new conversations. */
public enum Presence {
  /** Takes new conversations up to capacity. */
  AVAILABLE,
  /**
   * Takes no new conversations but keeps the ones held: customers' messages in them still go to
   * the agent (a short break).
   */
  AWAY,
  /**
   * Not working: takes no new conversations, and on going offline every active conversation the
   * agent owns goes back to the default queue and is routed to another agent (one with a pending
   * handoff offer waits for the offer to be decided, whose fallback then skips the offline agent).
   */
  OFFLINE
}
