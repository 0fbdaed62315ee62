package io.github.omnictx.core.event;

import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.identity.Identity;
import java.time.Instant;

/**
 * An identity no longer points at a customer (unlinked by hand).
 *
 * @param tenant the tenant
 * @param at when it was committed
 * @param customerId the customer that held it
 * @param identity the identity
 */
public record IdentityUnlinked(TenantId tenant, Instant at, CustomerId customerId, Identity identity)
    implements OmniEvent {}
