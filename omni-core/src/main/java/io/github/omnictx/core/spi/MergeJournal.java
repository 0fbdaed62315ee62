package io.github.omnictx.core.spi;

import io.github.omnictx.core.ConcurrentUpdateException;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.identity.MergeId;
import io.github.omnictx.core.identity.service.MergeRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The merge journal of one tenant: every merge of customers, kept forever so it can be audited and
 * reversed. A record is written once and afterwards changes in one way only: it is marked reversed.
 *
 * <p>A store keeps each {@link MergeRecord} whole: all its fields, including the {@code Customer}
 * snapshots (identities, attributes, consents, preferences, times, version, redirect), must read
 * back equal to what was inserted. It needs an index from each customer named in a record (the
 * survivor and every absorbed customer) to the record.
 *
 * <p>Obtained from a {@link StoreTransaction} and valid only inside its unit of work; not
 * thread-safe.
 */
public interface MergeJournal {

  /**
   * Inserts a new record.
   *
   * @param record the record, usually not reversed
   * @throws ConcurrentUpdateException if a record with its id exists in this tenant
   */
  void insert(MergeRecord record);

  /**
   * Finds a record by id.
   *
   * @param id the id
   * @return the record, if it exists in this tenant
   */
  Optional<MergeRecord> find(MergeId id);

  /**
   * Lists the records a customer is named in, as survivor or absorbed, reversed ones included.
   *
   * @param customer the customer id exactly as named in records (redirects are not followed)
   * @return the records, ordered by {@code mergedAt} then id ({@link MergeRecord#JOURNAL_ORDER})
   */
  List<MergeRecord> findByCustomer(CustomerId customer);

  /**
   * Marks a record reversed, once: sets its {@code reversedAt}.
   *
   * @param id the record
   * @param at when it was reversed, not before its {@code mergedAt}
   * @throws ConcurrentUpdateException if the record does not exist or is already reversed
   */
  void markReversed(MergeId id, Instant at);

  /**
   * The records in force (not reversed) that come after a record ({@link MergeRecord#JOURNAL_ORDER})
   * and name any customer it names: the merges that depend on it. Built on {@link #findByCustomer};
   * a store may override it with one query.
   *
   * @param record the record
   * @return the dependent records, ordered by {@link MergeRecord#JOURNAL_ORDER}
   */
  default List<MergeRecord> findLaterInForce(MergeRecord record) {
    Map<MergeId, MergeRecord> out = new LinkedHashMap<>();
    for (CustomerId c : record.customers()) {
      for (MergeRecord r : findByCustomer(c)) {
        if (r.inForce() && MergeRecord.JOURNAL_ORDER.compare(r, record) > 0) {
          out.put(r.id(), r);
        }
      }
    }
    List<MergeRecord> list = new ArrayList<>(out.values());
    list.sort(MergeRecord.JOURNAL_ORDER);
    return list;
  }
}
