package io.github.omnictx.core.timeline;

import io.github.omnictx.core.internal.Checks;

/**
 * What {@link Timeline#record(NewTouchpoint)} did.
 *
 * @param touchpoint the stored touchpoint: the new one, or for a duplicate the first one recorded
 * @param duplicate {@code true} when the tenant, channel and external id were already recorded and
 *     nothing new was written
 */
public record RecordResult(Touchpoint touchpoint, boolean duplicate) {

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if the touchpoint is null
   */
  public RecordResult {
    Checks.notNull(touchpoint, "touchpoint");
  }
}
