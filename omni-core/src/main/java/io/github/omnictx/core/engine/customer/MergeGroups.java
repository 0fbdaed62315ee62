package io.github.omnictx.core.engine.customer;

import io.github.omnictx.core.NotFoundException;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.spi.StoreTransaction;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Merged customers inside a unit of work: the live customer a merged id stands for, and the group
 * of ids a live customer's history is kept under (merges never rewrite history). Not API: may
 * change in any release.
 */
public final class MergeGroups {
  private MergeGroups() {}

  /**
   * Follows merge redirects to the live customer.
   *
   * @param tx the transaction
   * @param id a customer id, live or merged
   * @return the live customer it stands for now
   * @throws NotFoundException if the customer does not exist
   */
  public static Customer live(StoreTransaction tx, CustomerId id) {
    Customer c = tx.customers().find(id).orElseThrow(() -> new NotFoundException("customer", id.toString()));
    int hops = 0;
    while (c.mergedInto().isPresent()) {
      CustomerId next = c.mergedInto().get();
      c = tx.customers().find(next).orElseThrow(() -> new NotFoundException("customer", next.toString()));
      if (++hops > 1000) {
        throw new IllegalStateException("merge redirects of customer " + id + " form a cycle");
      }
    }
    return c;
  }

  /**
   * The ids a live customer's history is kept under: itself and everyone merged into it,
   * transitively.
   *
   * @param tx the transaction
   * @param survivor the live customer
   * @return the group, the survivor first
   */
  public static Set<CustomerId> group(StoreTransaction tx, CustomerId survivor) {
    Set<CustomerId> out = new LinkedHashSet<>();
    List<CustomerId> todo = new ArrayList<>(List.of(survivor));
    while (!todo.isEmpty()) {
      CustomerId next = todo.remove(todo.size() - 1);
      if (out.add(next)) {
        todo.addAll(tx.customers().findMergedInto(next));
      }
    }
    return out;
  }

  /**
   * The group of the live customer an id stands for.
   *
   * @param tx the transaction
   * @param id a customer id, live or merged
   * @return the group, the survivor first
   * @throws NotFoundException if the customer does not exist
   */
  public static Set<CustomerId> groupOf(StoreTransaction tx, CustomerId id) {
    return group(tx, live(tx, id).id());
  }
}
