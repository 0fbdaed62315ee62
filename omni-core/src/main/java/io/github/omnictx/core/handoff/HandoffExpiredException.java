package io.github.omnictx.core.handoff;

import io.github.omnictx.core.conversation.InvalidTransitionException;

/**
 * A handoff offer was accepted or declined after it expired. The offer had already returned the
 * conversation to its fallback owner (or does so in the same call, when the expiry had not been
 * processed yet); the acceptance changed nothing.
 */
public class HandoffExpiredException extends InvalidTransitionException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param handoffId the handoff
   * @param expiredAt when the offer expired, as text
   * @param action what was refused, e.g. {@code "ACCEPTED"}
   */
  public HandoffExpiredException(String handoffId, String expiredAt, String action) {
    super("handoff", handoffId, "EXPIRED", action, "handoff " + handoffId + " expired at " + expiredAt
        + "; it can no longer be " + action.toLowerCase(java.util.Locale.ROOT));
  }
}
