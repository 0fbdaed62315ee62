package io.github.omnictx.core.timeline;

/** The order a timeline is read in. Ties on time are broken by touchpoint id, the same way. */
public enum TimelineOrder {
  /** Most recent first: what an agent wants to see. */
  NEWEST_FIRST,
  /** Oldest first: replaying a journey. */
  OLDEST_FIRST
}
