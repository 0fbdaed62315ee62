package io.github.omnictx.core.spi;

import io.github.omnictx.core.ConcurrentUpdateException;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.identity.Identity;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Customers of one tenant, with a unique index from identity to customer: an identity points at
 * one customer at most. Implementations enforce that index themselves (a unique key), so that two
 * concurrent units of work can never give one identity to two customers.
 *
 * <p>Obtained from a {@link StoreTransaction} and valid only inside its unit of work; not
 * thread-safe.
 */
public interface CustomerRepository {

  /**
   * Finds a customer by id, live or merged.
   *
   * @param id the id
   * @return the customer, if it exists in this tenant
   */
  Optional<Customer> find(CustomerId id);

  /**
   * Finds the customers that hold any of the given identities.
   *
   * @param identities the identities to look up
   * @return for each identity that is held, its holder's id
   */
  Map<Identity, CustomerId> findHolders(Collection<Identity> identities);

  /**
   * Finds the customers that hold any of the given identities, each read as {@link #find} reads
   * it. The inbound path asks this for every message, so a store should answer it in one round
   * trip; the default asks {@link #findHolders} and then {@link #find} for each holder.
   *
   * @param identities the identities to look up
   * @return for each identity that is held, its holder
   */
  default Map<Identity, Customer> findHolderCustomers(Collection<Identity> identities) {
    Map<CustomerId, Optional<Customer>> read = new HashMap<>();
    Map<Identity, Customer> out = new LinkedHashMap<>();
    for (Map.Entry<Identity, CustomerId> e : findHolders(identities).entrySet()) {
      read.computeIfAbsent(e.getValue(), this::find).ifPresent(c -> out.put(e.getKey(), c));
    }
    return out;
  }

  /**
   * The live customer each id stands for now, following merge redirects: {@link #find} for each
   * by default. Recording a batch asks this for every customer of the batch, so a store should
   * answer it in one round trip.
   *
   * @param ids customer ids, live or merged
   * @return for each id that exists, the id of the live customer it stands for (itself when live)
   * @throws IllegalStateException if merge redirects form a cycle
   */
  default Map<CustomerId, CustomerId> findLiveIds(Collection<CustomerId> ids) {
    Map<CustomerId, CustomerId> out = new LinkedHashMap<>();
    for (CustomerId id : ids) {
      Optional<Customer> c = find(id);
      for (int hops = 0; c.isPresent() && c.get().mergedInto().isPresent(); hops++) {
        if (hops > 1000) {
          throw new IllegalStateException("merge redirects of customer " + id + " form a cycle");
        }
        c = find(c.get().mergedInto().get());
      }
      c.ifPresent(live -> out.put(id, live.id()));
    }
    return out;
  }

  /**
   * Lists the customers merged directly into a survivor.
   *
   * @param survivor the survivor
   * @return the ids of customers whose {@code mergedInto} is the survivor, in id order
   */
  List<CustomerId> findMergedInto(CustomerId survivor);

  /**
   * Inserts a new customer and indexes its identities.
   *
   * @param customer the customer, at version 0
   * @throws ConcurrentUpdateException if the id exists or an identity is held by another customer
   */
  void insert(Customer customer);

  /**
   * Replaces a customer if it is still at the expected version, re-indexing its identities.
   *
   * @param customer the new state, at version {@code expectedVersion + 1}
   * @param expectedVersion the version the caller read
   * @throws ConcurrentUpdateException if the stored version differs, the customer does not exist,
   *     or an added identity is held by another customer
   */
  void update(Customer customer, long expectedVersion);
}
