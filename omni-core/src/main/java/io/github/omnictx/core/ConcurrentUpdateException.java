package io.github.omnictx.core;

/**
 * A write lost a race: the record's version moved on since the caller read it (optimistic locking),
 * or another caller already took what this one tried to take (a handoff someone else accepted).
 * Nothing was changed; re-read and decide again.
 */
public class ConcurrentUpdateException extends OmniException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which record, and the expected and actual versions or owners
   */
  public ConcurrentUpdateException(String message) {
    super(message);
  }
}
