package io.github.omnictx.core.routing;

import io.github.omnictx.core.OmniException;
import io.github.omnictx.core.conversation.AgentId;

/**
 * An agent cannot take a conversation: no free capacity for its channel kind, or (for routing) not
 * available. Nothing was changed.
 */
public class AgentUnavailableException extends OmniException {
  private static final long serialVersionUID = 1L;

  private final AgentId agentId;

  /**
   * Creates the exception.
   *
   * @param agentId the agent
   * @param message why the agent cannot take it, naming the channel kind and load
   */
  public AgentUnavailableException(AgentId agentId, String message) {
    super(message);
    this.agentId = agentId;
  }

  /** @return the agent's id */
  public AgentId agentId() {
    return agentId;
  }
}
