package io.github.omnictx.core.loyalty;

import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.internal.Checks;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reference {@link Loyalty}: a ledger in memory, per tenant. Thread-safe (one lock); nothing
 * survives the process.
 */
public final class InMemoryLoyalty implements Loyalty {
  private final Clock clock;
  private final Map<TenantId, Map<String, LoyaltyEntry>> ledgers = new HashMap<>(); // guarded by this

  /**
   * @param clock stamps the awards
   * @throws IllegalArgumentException if the clock is null
   */
  public InMemoryLoyalty(Clock clock) {
    this.clock = Checks.notNull(clock, "clock");
  }

  @Override
  public synchronized long balance(TenantId tenant, CustomerId customer) {
    return ledgers.getOrDefault(tenant, Map.of()).values().stream()
        .filter(e -> e.customer().equals(customer) && !e.reversed()).mapToLong(LoyaltyEntry::points).sum();
  }

  @Override
  public synchronized LoyaltyEntry award(TenantId tenant, CustomerId customer, long points, String reason,
      String key) {
    Checks.notNull(tenant, "tenant");
    return ledgers.computeIfAbsent(tenant, t -> new HashMap<>())
        .computeIfAbsent(key, k -> new LoyaltyEntry(k, customer, points, reason, clock.instant(), false));
  }

  @Override
  public synchronized Optional<LoyaltyEntry> reverse(TenantId tenant, String key) {
    Map<String, LoyaltyEntry> ledger = ledgers.get(tenant);
    if (ledger == null) {
      return Optional.empty();
    }
    @org.jspecify.annotations.Nullable LoyaltyEntry e = ledger.get(key);
    if (e == null) {
      return Optional.empty();
    }
    LoyaltyEntry reversed = new LoyaltyEntry(e.key(), e.customer(), e.points(), e.reason(), e.awardedAt(), true);
    ledger.put(key, reversed);
    return Optional.of(reversed);
  }

  /**
   * @param tenant the tenant
   * @param customer the customer
   * @return the customer's awards, reversed ones included
   */
  public synchronized List<LoyaltyEntry> entries(TenantId tenant, CustomerId customer) {
    return ledgers.getOrDefault(tenant, Map.of()).values().stream().filter(e -> e.customer().equals(customer))
        .sorted(java.util.Comparator.comparing(LoyaltyEntry::awardedAt).thenComparing(LoyaltyEntry::key)).toList();
  }
}
