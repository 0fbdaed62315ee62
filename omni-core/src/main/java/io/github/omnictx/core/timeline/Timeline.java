package io.github.omnictx.core.timeline;

import io.github.omnictx.core.ConcurrentUpdateException;
import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.NotFoundException;
import io.github.omnictx.core.StoreException;
import java.util.List;
import java.util.Optional;

/**
 * One tenant's history of every touchpoint, across all channels. Obtained from {@code
 * omni.tenant(id).timeline()}. Thread-safe.
 *
 * <p>A write that loses a race to a concurrent one (a {@code ConcurrentUpdateException} from the
 * store) is rolled back and run again from the start, as the {@code RetryPolicy} set on {@code
 * Omni.builder().retryPolicy(...)} allows; only when every attempt lost does the exception reach
 * the caller, with nothing changed.
 */
public interface Timeline {

  /**
   * Records a touchpoint, idempotently: the same channel and external id record once, and a
   * redelivery returns the first touchpoint with {@link RecordResult#duplicate()} set. A touchpoint
   * for a merged customer is recorded for the customer it was merged into.
   *
   * @param touchpoint what happened
   * @return the stored touchpoint and whether it was a duplicate
   * @throws InvalidInputException if the channel is not registered
   * @throws NotFoundException if the customer or conversation does not exist in this tenant
   * @throws StoreException if the store failed; nothing was written
   * @throws ConcurrentUpdateException if every attempt the retry policy allows lost a race to a
   *     concurrent change; nothing changed
   */
  RecordResult record(NewTouchpoint touchpoint);

  /**
   * Records many touchpoints in one unit of work: all or none. Duplicates (of stored touchpoints or
   * within the batch) are reported, not written twice.
   *
   * <p>Retrying after an ambiguous outcome (a timeout or lost connection while the commit was under
   * way, when the caller cannot tell whether it happened) is safe for touchpoints with an {@link
   * NewTouchpoint.Builder#externalId external id}: each is found stored and reported as a duplicate,
   * and a retry of a batch that did commit costs about one lookup per chunk of rows, not one
   * statement per row. Touchpoints <em>without</em> an external id cannot be told apart from new
   * ones, so a retried batch that had committed records them a second time: give every touchpoint
   * of a batch that may be retried an external id (the provider's id, a receipt or order number).
   *
   * @param touchpoints what happened, in order
   * @return one result per request, in the same order
   * @throws InvalidInputException if a channel is not registered
   * @throws NotFoundException if a customer or conversation does not exist; nothing was written
   * @throws StoreException if the store failed; nothing was written
   * @throws ConcurrentUpdateException if every attempt the retry policy allows lost a race to a
   *     concurrent change; nothing changed
   */
  List<RecordResult> recordAll(List<NewTouchpoint> touchpoints);

  /**
   * Reads one page of a customer's timeline: keyset-paginated, so pages neither skip nor repeat
   * while new touchpoints arrive.
   *
   * @param query the customer, filters, order and page
   * @return the page
   * @throws NotFoundException if the customer does not exist
   * @throws InvalidInputException if the cursor is malformed
   */
  TimelinePage page(TimelineQuery query);

  /**
   * Finds a touchpoint by id.
   *
   * @param id the id
   * @return the touchpoint, if it exists in this tenant
   */
  Optional<Touchpoint> find(TouchpointId id);

  /**
   * Gets a touchpoint by id.
   *
   * @param id the id
   * @return the touchpoint
   * @throws NotFoundException if it does not exist in this tenant
   */
  Touchpoint get(TouchpointId id);

  /**
   * Finds a touchpoint by its provider id.
   *
   * @param channel the channel
   * @param externalId the provider's id
   * @return the touchpoint, if recorded
   * @throws InvalidInputException if the id holds a NUL or an unpaired surrogate: no touchpoint has
   *     such an id, and some databases would read it as another one ({@code ?} in its place)
   */
  Optional<Touchpoint> findByExternalId(io.github.omnictx.core.channel.ChannelId channel, String externalId);

  /**
   * Moves an outbound message's delivery status forward, as a provider's status callback reports
   * it. A status that is not further along (a late "delivered" after "read") changes nothing.
   *
   * @param id the outbound touchpoint
   * @param status the reported status
   * @return the touchpoint as stored afterwards
   * @throws NotFoundException if the touchpoint does not exist
   * @throws ConcurrentUpdateException if every attempt the retry policy allows lost a race to a
   *     concurrent status update; nothing changed
   */
  Touchpoint updateStatus(TouchpointId id, DeliveryStatus status);
}
