package io.github.omnictx.core.engine.customer;

import io.github.omnictx.core.ConcurrentUpdateException;
import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.NotFoundException;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.customer.Customers;
import io.github.omnictx.core.engine.UnitOfWork;
import io.github.omnictx.core.event.CustomerCreated;
import io.github.omnictx.core.event.CustomerUpdated;
import io.github.omnictx.core.event.IdentityLinked;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.internal.Checks;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** The {@link Customers} service. Not API. Thread-safe. */
public final class CustomerService implements Customers {
  private final UnitOfWork uow;
  private final Tombstones tombstones;

  /**
   * @param uow the tenant's units of work
   */
  public CustomerService(UnitOfWork uow) {
    this(uow, Tombstones.none());
  }

  /**
   * @param uow the tenant's units of work
   * @param tombstones the erased identities, which no new customer may hold
   */
  public CustomerService(UnitOfWork uow, Tombstones tombstones) {
    this.uow = uow;
    this.tombstones = tombstones;
  }

  @Override
  public Customer create(Collection<Identity> identities, Map<String, String> attributes) {
    Checks.required(identities, "identities");
    Checks.required(attributes, "attributes");
    Instant now = uow.now();
    Customer customer = Checks.input("customer", () -> Customer.builder(new CustomerId(uow.ids().next()), now)
        .identities(identities)
        .attributes(attributes)
        .build());
    // An identity held by another customer is the answer, not a race: one attempt.
    return uow.writeOnce((tx, events) -> {
      tombstones.check(tx, customer.identities());
      tx.customers().insert(customer);
      events.add(new CustomerCreated(uow.tenant(), now, customer));
      customer.identities().forEach(i -> events.add(new IdentityLinked(uow.tenant(), now, customer.id(), i)));
      return customer;
    });
  }

  @Override
  public Optional<Customer> find(CustomerId id) {
    Checks.required(id, "customer");
    return uow.read(tx -> tx.customers().find(id));
  }

  @Override
  public Customer get(CustomerId id) {
    Checks.required(id, "customer");
    return uow.read(tx -> MergeGroups.live(tx, id));
  }

  @Override
  public Optional<Customer> findByIdentity(Identity identity) {
    Checks.required(identity, "identity");
    return uow.read(tx -> {
      CustomerId holder = tx.customers().findHolders(List.of(identity)).get(identity);
      return holder == null ? Optional.empty() : tx.customers().find(holder);
    });
  }

  @Override
  public Customer getByIdentity(Identity identity) {
    return findByIdentity(identity).orElseThrow(() -> new NotFoundException("customer with identity", identity.toString()));
  }

  @Override
  public Customer update(CustomerId id, long expectedVersion, UnaryOperator<Customer.Builder> change) {
    Checks.required(id, "customer");
    Checks.required(change, "change");
    // The expected version is the caller's: a conflict with it is the answer, never retried.
    return uow.writeOnce((tx, events) -> {
      Customer current = tx.customers().find(id).orElseThrow(() -> new NotFoundException("customer", id.toString()));
      if (!current.isLive()) {
        throw new InvalidInputException("customer", "customer " + id + " was merged into "
            + current.mergedInto().orElseThrow() + "; change the survivor");
      }
      if (current.version() != expectedVersion) {
        throw new ConcurrentUpdateException("customer " + id + " is at version " + current.version()
            + ", expected " + expectedVersion);
      }
      Instant now = uow.now();
      Customer next = Checks.input("customer", () -> {
        Customer.Builder b = change.apply(current.toBuilder());
        if (b == null) {
          throw new IllegalArgumentException("change must return the builder it was given");
        }
        return b.id(current.id()).createdAt(current.createdAt()).mergedInto(null)
            .updatedAt(now.isBefore(current.updatedAt()) ? current.updatedAt() : now)
            .version(current.version() + 1).build();
      });
      tx.customers().update(next, expectedVersion);
      for (Identity i : next.identities()) {
        if (!current.identities().contains(i)) {
          events.add(new IdentityLinked(uow.tenant(), now, id, i));
        }
      }
      events.add(new CustomerUpdated(uow.tenant(), now, next));
      return next;
    });
  }
}
