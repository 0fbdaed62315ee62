package io.github.omnictx.core.event;

import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.identity.service.MergeRecord;
import java.time.Instant;
import java.util.List;

/**
 * A merge was reversed: its absorbed customers are live again.
 *
 * @param tenant the tenant
 * @param at when it was committed
 * @param merge the journal entry, marked reversed
 * @param survivor the former survivor after the reversal
 * @param restored the absorbed customers as restored, in the order of {@code merge.absorbed()}
 */
public record MergeReversed(TenantId tenant, Instant at, MergeRecord merge, Customer survivor, List<Customer> restored)
    implements OmniEvent {

  /** Copies the list. */
  public MergeReversed {
    restored = List.copyOf(restored);
  }
}
