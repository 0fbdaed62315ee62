package io.github.omnictx.core.loyalty;

import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.customer.CustomerId;
import java.util.Optional;

/**
 * The SPI of a loyalty system: a points balance per customer, awards and their reversal. Register
 * one with {@code Omni.builder().loyalty(...)}; {@link InMemoryLoyalty} is the reference. Calls are
 * idempotent by the award key (a unit of work that runs again after a lost race awards again under
 * the same key), and happen inside Omni's unit of work, so they should be quick. Implementations
 * must be thread-safe; their failures surface as the unit of work's failure (it is retried where
 * the caller retries).
 */
public interface Loyalty {

  /**
   * @param tenant the tenant
   * @param customer the customer
   * @return the balance: every award not reversed
   */
  long balance(TenantId tenant, CustomerId customer);

  /**
   * Awards points, once per key.
   *
   * @param tenant the tenant
   * @param customer the customer
   * @param points how many, positive
   * @param reason why
   * @param key the award's key
   * @return the award (the first one made under the key)
   */
  LoyaltyEntry award(TenantId tenant, CustomerId customer, long points, String reason, String key);

  /**
   * Takes an award back, once.
   *
   * @param tenant the tenant
   * @param key the award's key
   * @return the award as reversed, empty when no award has that key
   */
  Optional<LoyaltyEntry> reverse(TenantId tenant, String key);
}
