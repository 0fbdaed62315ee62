package io.github.omnictx.core.identity;

import io.github.omnictx.core.OmniException;
import java.util.List;

/**
 * An identity operation conflicts with the tenant's current customers: the identity is held by
 * another customer, a merge would break the tenant's identity rules, or a merge cannot be reversed
 * because later merges build on it (reverse those first; {@link #blockingMerges()} names them), or
 * it was already reversed. Nothing was changed.
 */
public class IdentityConflictException extends OmniException {
  private static final long serialVersionUID = 1L;

  private final List<MergeId> blockingMerges;

  /**
   * Creates the exception.
   *
   * @param message what conflicts with what
   */
  public IdentityConflictException(String message) {
    this(message, List.of());
  }

  /**
   * Creates the exception naming the merges that stand in the way.
   *
   * @param message what conflicts with what
   * @param blockingMerges later merges that must be reversed first, oldest first
   */
  public IdentityConflictException(String message, List<MergeId> blockingMerges) {
    super(message);
    this.blockingMerges = List.copyOf(blockingMerges);
  }

  /**
   * The later merges that depend on the one being reversed, oldest first; empty for other
   * conflicts.
   *
   * @return the merge ids
   */
  public List<MergeId> blockingMerges() {
    return blockingMerges;
  }
}
