package io.github.omnictx.core.handoff;

import io.github.omnictx.core.ConcurrentUpdateException;
import io.github.omnictx.core.conversation.AgentId;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Someone else already took a handoff: of several agents accepting one offer at once exactly one
 * wins, the others get this. Nothing was changed by the losing call.
 */
public class HandoffConflictException extends ConcurrentUpdateException {
  private static final long serialVersionUID = 1L;

  private final String handoffId;
  private final @Nullable AgentId acceptedBy;

  /**
   * Creates the exception.
   *
   * @param handoffId the handoff
   * @param acceptedBy the agent who won it, or {@code null} when it ended otherwise
   * @param message the full message
   */
  public HandoffConflictException(String handoffId, @Nullable AgentId acceptedBy, String message) {
    super(message);
    this.handoffId = handoffId;
    this.acceptedBy = acceptedBy;
  }

  /** @return the handoff's id */
  public String handoffId() {
    return handoffId;
  }

  /** @return the agent who accepted it, if someone did */
  public Optional<AgentId> acceptedBy() {
    return Optional.ofNullable(acceptedBy);
  }
}
