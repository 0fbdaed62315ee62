package io.github.omnictx.core.event;

import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.privacy.ErasureReceipt;
import java.time.Instant;

/**
 * A customer's person was erased, over the whole merge group.
 *
 * @param tenant the tenant
 * @param at when it was committed
 * @param receipt what was erased (ids and counts only)
 */
public record CustomerErased(TenantId tenant, Instant at, ErasureReceipt receipt) implements OmniEvent {}
