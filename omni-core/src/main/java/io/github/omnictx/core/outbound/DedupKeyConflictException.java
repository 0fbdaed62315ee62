package io.github.omnictx.core.outbound;

import io.github.omnictx.core.InvalidInputException;

/**
 * An intent reused a dedup key that an earlier intent with other content holds: the same key never
 * sends twice, and a key is not a slot for another message. Its {@link #field()} is {@code
 * "dedupKey"}. Nothing was recorded or queued.
 */
public class DedupKeyConflictException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  private final DecisionId first;

  /**
   * Creates the exception.
   *
   * @param dedupKey the key
   * @param first the decision the key already belongs to
   */
  public DedupKeyConflictException(String dedupKey, DecisionId first) {
    super("dedupKey", "dedupKey " + io.github.omnictx.core.internal.Checks.quote(dedupKey)
        + " was used for an intent with other content (decision " + first + "); use a new key for a new message");
    this.first = first;
  }

  /** @return the decision the key belongs to */
  public DecisionId first() {
    return first;
  }
}
