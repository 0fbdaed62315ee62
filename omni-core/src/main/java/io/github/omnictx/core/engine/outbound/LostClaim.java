package io.github.omnictx.core.engine.outbound;

import io.github.omnictx.core.OmniException;
import java.util.UUID;

/**
 * The outbox row's version moved on since this dispatcher claimed it: another dispatcher took the
 * row over after the lease ran out. Thrown inside the recording unit of work so that it rolls back
 * and records nothing; never retried. Not API.
 */
final class LostClaim extends OmniException {
  private static final long serialVersionUID = 1L;

  LostClaim(UUID row, long version) {
    super("outbox row " + row + " is no longer at version " + version + ": another dispatcher took it over");
  }
}
