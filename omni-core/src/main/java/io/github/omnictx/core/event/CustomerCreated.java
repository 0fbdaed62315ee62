package io.github.omnictx.core.event;

import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.customer.Customer;
import java.time.Instant;

/**
 * A new customer was created.
 *
 * @param tenant the tenant
 * @param at when it was committed
 * @param customer the customer as created
 */
public record CustomerCreated(TenantId tenant, Instant at, Customer customer) implements OmniEvent {}
