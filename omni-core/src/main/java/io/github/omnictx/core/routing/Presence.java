package io.github.omnictx.core.routing;

/** Whether an agent takes new conversations. */
public enum Presence {
  /** Takes new conversations up to capacity. */
  AVAILABLE,
  /** Keeps the conversations held, takes no new ones. */
  AWAY,
  /** Not working; keeps the conversations held, takes no new ones. */
  OFFLINE
}
