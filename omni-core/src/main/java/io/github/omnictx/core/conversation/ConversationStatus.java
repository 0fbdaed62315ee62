package io.github.omnictx.core.conversation;

/** Where a conversation stands. */
public enum ConversationStatus {
  /** Being handled: the business owes the next answer. */
  OPEN,
  /** Waiting for the customer to answer. */
  PENDING,
  /** Put aside until a set time. */
  SNOOZED,
  /** Answered; reopens if the customer writes again within the reopen window. */
  RESOLVED,
  /** Finished for good; a new message starts a new conversation. */
  CLOSED;

  /**
   * Whether a new inbound message may join a conversation in this status without reopening it.
   *
   * @return {@code true} for open, pending and snoozed
   */
  public boolean isActive() {
    return this == OPEN || this == PENDING || this == SNOOZED;
  }

  /**
   * Whether a conversation may go from this status to another. Open, pending and snoozed move
   * freely among themselves and to resolved or closed; resolved may reopen or close; closed is
   * final. Staying in the same status is not a transition.
   *
   * @param next the status to go to
   * @return whether the transition is allowed
   */
  public boolean canChangeTo(ConversationStatus next) {
    if (next == this) {
      return false;
    }
    switch (this) {
      case OPEN:
      case PENDING:
      case SNOOZED:
        return true;
      case RESOLVED:
        return next == OPEN || next == CLOSED;
      default:
        return false;
    }
  }
}
