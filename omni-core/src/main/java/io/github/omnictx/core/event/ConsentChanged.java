package io.github.omnictx.core.event;

import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.consent.Consent;
import io.github.omnictx.core.customer.CustomerId;
import java.time.Instant;
import java.util.Optional;

/**
 * A customer's consent answer for one channel and purpose changed.
 *
 * @param tenant the tenant
 * @param at when it was committed
 * @param customerId the (live) customer
 * @param previous the answer before, empty if the customer had not been asked
 * @param current the answer now
 */
public record ConsentChanged(TenantId tenant, Instant at, CustomerId customerId, Optional<Consent> previous,
    Consent current) implements OmniEvent {}
