package io.github.omnictx.core.memory;

import io.github.omnictx.core.ConcurrentUpdateException;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.spi.CustomerRepository;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Customers and the identity index: an identity belongs to one customer; updates compare versions. */
final class InMemoryCustomers implements CustomerRepository {
  private final InMemoryTransaction tx;
  private final TenantData d;
  private final UndoLog undo;

  InMemoryCustomers(InMemoryTransaction tx) {
    this.tx = tx;
    this.d = tx.data();
    this.undo = tx.undo();
  }

  @Override
  public Optional<Customer> find(CustomerId id) {
    tx.checkOpen();
    return Optional.ofNullable(d.customers.get(id));
  }

  @Override
  public Map<Identity, CustomerId> findHolders(Collection<Identity> identities) {
    tx.checkOpen();
    Map<Identity, CustomerId> out = new LinkedHashMap<>();
    for (Identity i : identities) {
      CustomerId holder = d.identityIndex.get(i);
      if (holder != null) {
        out.put(i, holder);
      }
    }
    return out;
  }

  @Override
  public List<CustomerId> findMergedInto(CustomerId survivor) {
    tx.checkOpen();
    List<CustomerId> out = new ArrayList<>();
    for (Customer c : d.customers.values()) {
      if (c.mergedInto().filter(survivor::equals).isPresent()) {
        out.add(c.id());
      }
    }
    out.sort(null);
    return out;
  }

  @Override
  public void insert(Customer customer) {
    tx.checkOpen();
    if (d.customers.containsKey(customer.id())) {
      throw new ConcurrentUpdateException("customer " + customer.id() + " already exists");
    }
    for (Identity i : customer.identities()) {
      CustomerId holder = d.identityIndex.get(i);
      if (holder != null) {
        throw new ConcurrentUpdateException("an identity of kind " + i.kind() + " is already held by customer " + holder);
      }
    }
    undo.put(d.customers, customer.id(), customer);
    for (Identity i : customer.identities()) {
      undo.put(d.identityIndex, i, customer.id());
    }
  }

  @Override
  public void update(Customer customer, long expectedVersion) {
    tx.checkOpen();
    Customer current = d.customers.get(customer.id());
    if (current == null) {
      throw new ConcurrentUpdateException("customer " + customer.id() + " does not exist");
    }
    if (current.version() != expectedVersion) {
      throw new ConcurrentUpdateException("customer " + customer.id() + " is at version " + current.version()
          + ", expected " + expectedVersion);
    }
    for (Identity i : customer.identities()) {
      CustomerId holder = d.identityIndex.get(i);
      if (holder != null && !holder.equals(customer.id())) {
        throw new ConcurrentUpdateException("an identity of kind " + i.kind() + " is already held by customer " + holder);
      }
    }
    for (Identity i : current.identities()) {
      if (!customer.identities().contains(i)) {
        undo.remove(d.identityIndex, i);
      }
    }
    for (Identity i : customer.identities()) {
      if (!current.identities().contains(i)) {
        undo.put(d.identityIndex, i, customer.id());
      }
    }
    undo.put(d.customers, customer.id(), customer);
  }
}
