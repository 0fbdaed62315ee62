package io.github.omnictx.core.spi;

import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.privacy.ErasureReceipt;
import io.github.omnictx.core.timeline.TouchpointType;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * The store side of privacy: the bulk erase of one merge group's records of each kind the {@code
 * DataMap} marks as deleted or blanked (the engine blanks conversations and handoffs through their
 * own repositories), erase receipts, tombstones and retention. Every method sees only the
 * transaction's tenant. Not thread-safe; valid inside its unit of work only.
 */
public interface PrivacyRepository {

  /**
   * Erases customers: their identities are deleted; their attributes, consents and preferences
   * cleared; afterwards {@link CustomerRepository#find} finds none of them. Touchpoints and
   * conversations may still name their ids.
   *
   * @param group the customer ids
   * @param at when
   * @return how many customers were erased
   */
  int eraseCustomers(Collection<CustomerId> group, Instant at);

  /**
   * Blanks the customers' touchpoints: payload replaced by an empty object, the provider's message
   * id cleared, the removal time set; channel, type, direction, times and status stay.
   *
   * @param group the customer ids
   * @param at when
   * @return how many touchpoints were blanked
   */
  int eraseTouchpoints(Collection<CustomerId> group, Instant at);

  /**
   * Deletes the merge journal records that name any of the customers.
   *
   * @param group the customer ids
   * @return how many merge records were deleted
   */
  int eraseMerges(Collection<CustomerId> group);

  /**
   * Deletes the customers' outbound decisions with their progress.
   *
   * @param group the customer ids
   * @return how many decisions were deleted
   */
  int eraseOutbound(Collection<CustomerId> group);

  /**
   * Deletes the tenant's outbox rows of the customers (aggregate id = customer id), pending or
   * claimed: nothing more is sent to them.
   *
   * @param group the customer ids
   * @return how many rows were deleted
   */
  int eraseOutbox(Collection<CustomerId> group);

  /**
   * Records an erase's receipt under each customer id it names.
   *
   * @param receipt the receipt
   */
  void recordErasure(ErasureReceipt receipt);

  /**
   * @param requestId a request id
   * @return the receipt recorded under it
   */
  Optional<ErasureReceipt> findErasure(String requestId);

  /**
   * @param customer a customer id
   * @return the receipt of the erase that reached it
   */
  Optional<ErasureReceipt> findErasureOf(CustomerId customer);

  /**
   * Adds tombstones; existing ones stay as they were.
   *
   * @param digests keyed hashes of erased identities (64 lower-case hex characters)
   * @param at when
   */
  void addTombstones(Collection<String> digests, Instant at);

  /**
   * @param digests keyed hashes
   * @return those of them that are tombstones
   */
  Set<String> findTombstones(Collection<String> digests);

  /**
   * @param digest a keyed hash
   * @return whether a tombstone was removed
   */
  boolean liftTombstone(String digest);

  /**
   * Retention: blanks the payload of the channel's touchpoints of one type that occurred before a
   * time and still have one, as {@link #eraseTouchpoints} does but keeping the provider's id.
   *
   * @param channel the channel
   * @param type the touchpoint type
   * @param before the cut-off (exclusive)
   * @param at when
   * @return how many bodies were removed
   */
  int purgeBodies(ChannelId channel, TouchpointType type, Instant before, Instant at);
}
