package io.github.omnictx.core.spi;

import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.internal.Checks;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * What a dispatcher asks {@link OutboxClaims#claim} for.
 *
 * @param owner the claiming node, 1-64 characters
 * @param dueBy claim rows with {@code dueAt <= dueBy} (Omni's clock, so tests control deferrals)
 * @param limit the most rows, 1-1000
 * @param lease how long the claim lasts, measured by the database clock, 1 ms to 1 hour
 * @param tenants the tenants to claim from, empty for all
 */
public record ClaimRequest(String owner, Instant dueBy, int limit, Duration lease, Set<TenantId> tenants) {

  /**
   * Validates and copies the fields.
   *
   * @throws IllegalArgumentException if a field is null or out of range
   */
  public ClaimRequest {
    Checks.maxLength(Checks.notBlank(owner, "owner"), 64, "owner");
    dueBy = Checks.micros(dueBy, "dueBy");
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be between 1 and 1000, was: " + limit);
    }
    Checks.notNull(lease, "lease");
    if (lease.compareTo(Duration.ofMillis(1)) < 0 || lease.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("lease must be between 1 ms and 1 hour, was: " + lease);
    }
    tenants = Set.copyOf(Checks.notNull(tenants, "tenants"));
  }

  /** @return the lease in whole milliseconds, at least 1 */
  public long leaseMillis() {
    return Math.max(1, lease.toMillis());
  }
}
