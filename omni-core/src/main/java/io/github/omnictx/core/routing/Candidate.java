package io.github.omnictx.core.routing;

import io.github.omnictx.core.internal.Checks;

/**
 * An agent who may take a conversation now: available, with the skills and language, and with free
 * capacity for its channel kind.
 *
 * @param agent the agent
 * @param load how many active conversations of that kind the agent holds
 * @param capacity how many the agent may hold, more than {@code load}
 */
public record Candidate(Agent agent, int load, int capacity) {

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if the agent is null or has no free capacity
   */
  public Candidate {
    Checks.notNull(agent, "agent");
    if (load < 0 || load >= capacity) {
      throw new IllegalArgumentException("candidate " + agent.id() + " needs free capacity, load " + load
          + " of " + capacity);
    }
  }

  /** @return the load as a share of capacity, 0 to below 1 */
  public double utilisation() {
    return (double) load / capacity;
  }
}
