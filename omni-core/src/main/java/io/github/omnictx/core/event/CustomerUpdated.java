package io.github.omnictx.core.event;

import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.customer.Customer;
import java.time.Instant;

/**
 * A customer's attributes, consents or preferences changed.
 *
 * @param tenant the tenant
 * @param at when it was committed
 * @param customer the customer after the change
 */
public record CustomerUpdated(TenantId tenant, Instant at, Customer customer) implements OmniEvent {}
