package io.github.omnictx.core.privacy;

import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.identity.Identity;
import java.io.OutputStream;
import java.util.Optional;

/**
 * Erase and export of a person (GDPR articles 15-17 and 20), tombstones and retention. Both erase
 * and export walk the {@link DataMap}. Obtained from {@code OmniTenant.privacy()} when the
 * application configured {@link PrivacySettings}. Thread-safe.
 */
public interface Privacy {

  /**
   * Erases the person behind a customer, over the whole merge group, from every record Omni keeps:
   * identities (remembered only as tombstones), profile attributes, consents (kept as anonymous
   * withdrawn facts on the receipt), touchpoint payloads and provider message ids, conversation
   * topics and tags, handoff contexts, the merge journal, outbound decisions and outbox rows. What
   * metrics need (channel, type, times) stays, detached from any identifier. Publishes a {@code
   * CustomerErased} event. Idempotent: the same request id, or any id of an erased customer,
   * returns the first receipt and changes nothing.
   *
   * @param customer any id of the customer's merge group
   * @param requestId the application's id for the data subject's request, at most 128 characters
   * @return the receipt: counts per record kind
   * @throws io.github.omnictx.core.NotFoundException if the customer never existed
   * @throws io.github.omnictx.core.InvalidInputException if the request id is blank, too long, or
   *     was used for another customer
   */
  ErasureReceipt erase(CustomerId customer, String requestId);

  /**
   * @param requestId a request id
   * @return the receipt of the erase that ran under it
   */
  Optional<ErasureReceipt> findErasure(String requestId);

  /**
   * Writes everything Omni holds about the person behind a customer (the whole merge group) as one
   * JSON document, streamed record kind by record kind in {@link DataMap} order. The document is
   * described in {@link PrivacyExport}. The stream is not closed.
   *
   * @param customer any id of the customer's merge group
   * @param out where the UTF-8 JSON goes
   * @throws io.github.omnictx.core.NotFoundException if the customer does not exist or was erased
   * @throws java.io.UncheckedIOException if writing failed
   */
  void export(CustomerId customer, OutputStream out);

  /**
   * Whether an identity was erased and is held back by a tombstone.
   *
   * @param identity the identity
   * @return whether a tombstone holds it back
   */
  boolean tombstoned(Identity identity);

  /**
   * Lifts the tombstone of an erased identity, explicitly (the person came back and consented):
   * it can then be resolved and linked again.
   *
   * @param identity the identity
   * @return {@code true} if a tombstone was lifted, {@code false} if there was none (nothing changed)
   */
  boolean liftTombstone(Identity identity);

  /**
   * Removes the bodies of touchpoints older than their {@link RetentionRule}, keeping the
   * touchpoints themselves. Call it from a scheduler; each call removes what expired since the
   * last.
   *
   * @return how many bodies were removed
   */
  int purgeExpired();
}
