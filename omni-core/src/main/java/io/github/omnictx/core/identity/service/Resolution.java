package io.github.omnictx.core.identity.service;

import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.RefusedIdentity;
import io.github.omnictx.core.internal.Checks;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@link Identities#resolve} found: the one live customer the event's identities belong to,
 * and what it took to get there.
 *
 * @param customer the live customer, as stored after the resolution
 * @param created {@code true} when no identity was known and the customer is new
 * @param merge the merge the event caused, if its identities pointed at several customers
 * @param linked the identities newly linked to the customer by this event
 * @param refused identities the rules did not let link anyone, in the order of the rules' rank
 */
public record Resolution(Customer customer, boolean created, Optional<MergeRecord> merge, Set<Identity> linked,
    List<RefusedIdentity> refused) {

  /**
   * Validates and copies the fields.
   *
   * @throws IllegalArgumentException if a field is null
   */
  public Resolution {
    Checks.notNull(customer, "customer");
    Checks.notNull(merge, "merge");
    TreeSet<Identity> l = new TreeSet<>(Comparator.comparing(Identity::kind).thenComparing(Identity::value));
    l.addAll(Checks.notNull(linked, "linked"));
    linked = Collections.unmodifiableSet(l);
    refused = List.copyOf(Checks.notNull(refused, "refused"));
  }

  /** @return {@code true} when the event changed nothing: every identity was known, to one customer */
  public boolean unchanged() {
    return !created && merge.isEmpty() && linked.isEmpty();
  }
}
