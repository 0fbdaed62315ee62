package io.github.omnictx.core.customer;

import io.github.omnictx.core.ConcurrentUpdateException;
import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.NotFoundException;
import io.github.omnictx.core.identity.Identity;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One tenant's customers: create, look up by id or by any identity, change with optimistic
 * locking. Obtained from {@code omni.tenant(id).customers()}. Thread-safe.
 *
 * <p>These are the plain record operations: they do not apply the tenant's identity rules. To
 * recognise a person from the identities seen in an event, merging where needed, use {@code
 * omni.tenant(id).identities().resolve(...)}.
 */
public interface Customers {

  /**
   * Creates a customer holding the given identities.
   *
   * @param identities identities that point at the new customer (may be empty)
   * @param attributes profile attributes
   * @return the new customer, at version 0
   * @throws InvalidInputException if an attribute is malformed
   * @throws io.github.omnictx.core.identity.IdentityConflictException if an identity already points
   *     at another customer, naming the identity and that customer (the answer, not a race: merge
   *     them or unlink it there first); nothing changed
   */
  Customer create(Collection<Identity> identities, Map<String, String> attributes);

  /**
   * Finds a customer by id. A merged customer is returned as stored, with {@link
   * Customer#mergedInto()} naming the survivor.
   *
   * @param id the id
   * @return the customer, if it exists in this tenant
   */
  Optional<Customer> find(CustomerId id);

  /**
   * Gets the live customer an id stands for, following merge redirects.
   *
   * @param id a customer id, live or merged
   * @return the live customer
   * @throws NotFoundException if no such customer exists in this tenant
   */
  Customer get(CustomerId id);

  /**
   * Finds the customer an identity points at.
   *
   * @param identity the identity
   * @return the customer, if the identity is known
   */
  Optional<Customer> findByIdentity(Identity identity);

  /**
   * Gets the customer an identity points at.
   *
   * @param identity the identity
   * @return the customer
   * @throws NotFoundException if the identity is unknown
   */
  Customer getByIdentity(Identity identity);

  /**
   * Changes a customer if it is still at the version the caller read.
   *
   * @param id the customer
   * @param expectedVersion the version the caller read
   * @param change edits the customer's builder (attributes, consents, preferences, identities)
   * @return the customer after the change, at {@code expectedVersion + 1}
   * @throws NotFoundException if the customer does not exist
   * @throws ConcurrentUpdateException if the version moved on; nothing was changed. Never retried:
   *     the expected version is the caller's, so re-read and decide again
   * @throws io.github.omnictx.core.identity.IdentityConflictException if an added identity points at
   *     another customer, naming the identity and both customers; nothing was changed
   * @throws InvalidInputException if the change is invalid, or the customer was merged away
   */
  Customer update(CustomerId id, long expectedVersion, UnaryOperator<Customer.Builder> change);
}
