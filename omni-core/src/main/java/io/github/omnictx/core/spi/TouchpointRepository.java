package io.github.omnictx.core.spi;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.timeline.DeliveryStatus;
import io.github.omnictx.core.timeline.Touchpoint;
import io.github.omnictx.core.timeline.TouchpointId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Touchpoints of one tenant. Appends are idempotent on (channel, external id): implementations
 * detect a duplicate by the insert itself (a unique key), never only by a read before the write.
 *
 * <p>Obtained from a {@link StoreTransaction} and valid only inside its unit of work; not
 * thread-safe.
 */
public interface TouchpointRepository {

  /**
   * What an append did.
   *
   * @param touchpoint the stored touchpoint: the given one, or the one already stored under its
   *     channel and external id
   * @param inserted whether the given touchpoint was written
   */
  record Appended(Touchpoint touchpoint, boolean inserted) {}

  /**
   * Appends a touchpoint unless its (channel, external id) is already stored.
   *
   * @param touchpoint the touchpoint
   * @return what was stored
   */
  Appended append(Touchpoint touchpoint);

  /**
   * Appends many touchpoints, as by {@link #append} each in order (a later duplicate of an earlier
   * one in the same list is reported as not inserted). Stores should send them in batches.
   *
   * @param touchpoints the touchpoints
   * @return one result per touchpoint, in order
   */
  default List<Appended> appendAll(List<Touchpoint> touchpoints) {
    List<Appended> out = new ArrayList<>(touchpoints.size());
    for (Touchpoint t : touchpoints) {
      out.add(append(t));
    }
    return out;
  }

  /**
   * Finds a touchpoint by id.
   *
   * @param id the id
   * @return the touchpoint, if stored in this tenant
   */
  Optional<Touchpoint> find(TouchpointId id);

  /**
   * Finds a touchpoint by its provider id.
   *
   * @param channel the channel
   * @param externalId the provider's id
   * @return the touchpoint, if stored
   */
  Optional<Touchpoint> findByExternalId(ChannelId channel, String externalId);

  /**
   * Reads one slice of a timeline in the slice's order.
   *
   * @param slice the customers, filters, order, start position and limit
   * @return at most {@code slice.limit()} touchpoints
   */
  List<Touchpoint> page(TimelineSlice slice);

  /**
   * Reads a page of one customer's timeline in a single round trip, for the common case of a
   * customer that is live and alone: not merged into another, and nobody merged into it.
   *
   * <p>Returns the same rows as {@link #page(TimelineSlice)} would when that case holds and the page
   * is not empty. Returns empty (and the caller takes the general path: resolve the live customer and
   * its merge group, then {@link #page}) when the customer does not exist, was merged, has customers
   * merged into it, the page is empty, or the store has no faster way. The default always returns
   * empty.
   *
   * @param slice a slice naming exactly one customer
   * @return the page, or empty when the caller must take the general path
   */
  default Optional<List<Touchpoint>> pageIfAlone(TimelineSlice slice) {
    return Optional.empty();
  }

  /**
   * Sets a touchpoint's delivery status if it still has the expected one (compare-and-set).
   *
   * @param id the touchpoint
   * @param expected the status the caller read, or {@code null} for none
   * @param next the new status
   * @return whether the status was changed
   */
  boolean updateStatus(TouchpointId id, @org.jspecify.annotations.Nullable DeliveryStatus expected, DeliveryStatus next);

  /**
   * Replaces a touchpoint's payload if it still holds the expected one (compare-and-set): how an
   * edit or deletion the provider reported reaches the message it changes ({@link
   * io.github.omnictx.core.channel.spi.MessageChange}). Nothing else of the touchpoint changes.
   * Implementations compare the payload as stored, not by identity, and hold the row against a
   * concurrent replacement until the unit of work ends.
   *
   * @param id the touchpoint
   * @param expected the payload the caller read
   * @param next the new payload, within {@link io.github.omnictx.core.Limits}
   * @return whether it was replaced; {@code false} when the touchpoint does not exist or its payload
   *     changed since it was read
   */
  boolean replacePayload(TouchpointId id, JsonNode expected, JsonNode next);

  /**
   * Sets the provider's id and the delivery status of an outbound touchpoint the provider just
   * accepted, if it still has the expected status and no provider id yet (compare-and-set). From then
   * on its receipts find it by {@link #findByExternalId} on its channel.
   *
   * @param id the touchpoint
   * @param externalId the provider's message id, 1-256 characters
   * @param expected the status the caller read, or {@code null} for none
   * @param next the new status
   * @return whether it was changed
   * @throws io.github.omnictx.core.ConcurrentUpdateException if another touchpoint of the channel
   *     holds the provider id
   */
  boolean markSent(TouchpointId id, String externalId, @org.jspecify.annotations.Nullable DeliveryStatus expected,
      DeliveryStatus next);

  /**
   * Aggregates what some customers did per channel, in one query that reads no touchpoint out:
   * the channel the customer answers on, the service window and the pause after a purchase are
   * decided from it. Over the touchpoints with {@code occurredAt >= scanFrom}: per channel, inbound
   * {@code message}s and {@code READ} outbound ones at or after {@code countFrom} (counts), the
   * latest inbound {@code message}, and the latest {@code purchase}.
   *
   * @param customers the customers (a survivor and everyone merged into it), not empty
   * @param scanFrom the earliest touchpoint time looked at
   * @param countFrom the earliest touchpoint time counted, not before {@code scanFrom}
   * @return the channels with any touchpoint in the scan
   */
  Map<ChannelId, ChannelActivity> activity(Collection<CustomerId> customers, Instant scanFrom, Instant countFrom);
}
