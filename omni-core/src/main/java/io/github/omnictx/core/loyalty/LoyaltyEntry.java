package io.github.omnictx.core.loyalty;

import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.internal.Checks;
import java.time.Instant;

/**
 * One award in a loyalty ledger, and whether it was reversed. Immutable.
 *
 * @param key the caller's key for the award: awarding twice under one key awards once, 1-200 characters
 * @param customer the customer
 * @param points the points awarded, positive
 * @param reason why
 * @param awardedAt when
 * @param reversed whether the award was taken back
 */
public record LoyaltyEntry(String key, CustomerId customer, long points, String reason, Instant awardedAt,
    boolean reversed) {
  /**
   * Validates.
   *
   * @throws IllegalArgumentException if a field is null, blank or out of range
   */
  public LoyaltyEntry {
    Checks.maxLength(Checks.notBlank(key, "key"), 200, "key");
    Checks.notNull(customer, "customer");
    if (points < 1) {
      throw new IllegalArgumentException("points must be positive, was: " + points);
    }
    Checks.notBlank(reason, "reason");
    Checks.notNull(awardedAt, "awardedAt");
  }
}
