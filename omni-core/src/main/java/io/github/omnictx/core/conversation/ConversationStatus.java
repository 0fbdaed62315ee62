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
}
