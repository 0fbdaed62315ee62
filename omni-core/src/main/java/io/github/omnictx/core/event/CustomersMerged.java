package io.github.omnictx.core.event;

import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.identity.service.MergeRecord;
import java.time.Instant;

/**
 * Customers were merged into a survivor, by resolution or by hand.
 *
 * @param tenant the tenant
 * @param at when it was committed
 * @param merge the journal entry
 * @param survivor the survivor after the merge
 */
public record CustomersMerged(TenantId tenant, Instant at, MergeRecord merge, Customer survivor) implements OmniEvent {}
