package io.github.omnictx.core.event;

import io.github.omnictx.core.TenantId;
import java.time.Instant;

/**
 * Something that was committed. Listeners registered on {@code Omni.builder().listener(...)} see
 * events only after the unit of work that produced them committed, in commit order per thread.
 * Implementations are immutable records in this package.
 */
public interface OmniEvent {

  /** @return the tenant it happened in */
  TenantId tenant();

  /** @return when it was committed, by the configured clock */
  Instant at();
}
