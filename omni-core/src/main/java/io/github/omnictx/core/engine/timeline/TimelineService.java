package io.github.omnictx.core.engine.timeline;

import io.github.omnictx.core.ConcurrentUpdateException;
import io.github.omnictx.core.NotFoundException;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.conversation.ConversationId;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.engine.UnitOfWork;
import io.github.omnictx.core.engine.customer.MergeGroups;
import io.github.omnictx.core.event.OmniEvent;
import io.github.omnictx.core.event.TouchpointRecorded;
import io.github.omnictx.core.internal.Checks;
import io.github.omnictx.core.spi.StoreTransaction;
import io.github.omnictx.core.spi.TimelineSlice;
import io.github.omnictx.core.spi.TouchpointRepository.Appended;
import io.github.omnictx.core.timeline.DeliveryStatus;
import io.github.omnictx.core.timeline.NewTouchpoint;
import io.github.omnictx.core.timeline.RecordResult;
import io.github.omnictx.core.timeline.Timeline;
import io.github.omnictx.core.timeline.TimelinePage;
import io.github.omnictx.core.timeline.TimelinePosition;
import io.github.omnictx.core.timeline.TimelineQuery;
import io.github.omnictx.core.timeline.Touchpoint;
import io.github.omnictx.core.timeline.TouchpointId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The {@link Timeline} service. Not API. Thread-safe. */
public final class TimelineService implements Timeline {
  private final UnitOfWork uow;

  /**
   * @param uow the tenant's units of work
   */
  public TimelineService(UnitOfWork uow) {
    this.uow = uow;
  }

  @Override
  public RecordResult record(NewTouchpoint touchpoint) {
    Checks.required(touchpoint, "touchpoint");
    return recordAll(List.of(touchpoint)).get(0);
  }

  @Override
  public List<RecordResult> recordAll(List<NewTouchpoint> touchpoints) {
    Checks.required(touchpoints, "touchpoints");
    touchpoints.forEach(t -> {
      Checks.required(t, "touchpoint");
      uow.channel(t.channel());
    });
    if (touchpoints.isEmpty()) {
      return List.of();
    }
    return uow.write((tx, events) -> recordIn(uow, tx, events, touchpoints));
  }

  /**
   * Records touchpoints inside a caller's unit of work (used by other services so that, for
   * example, a conversation change and its touchpoint commit together).
   *
   * @param uow the tenant's units of work
   * @param tx the transaction
   * @param events where to add events
   * @param requests the touchpoints
   * @return one result per request
   */
  public static List<RecordResult> recordIn(UnitOfWork uow, StoreTransaction tx, List<OmniEvent> events,
      List<NewTouchpoint> requests) {
    Instant now = uow.now();
    // Whom each touchpoint belongs to now, for the whole batch in one look-up where the store can.
    Set<CustomerId> customers = new LinkedHashSet<>();
    requests.forEach(r -> customers.add(r.customerId()));
    Map<CustomerId, CustomerId> live = tx.customers().findLiveIds(customers);
    Set<ConversationId> conversations = new HashSet<>();
    List<Touchpoint> rows = new ArrayList<>(requests.size());
    for (NewTouchpoint r : requests) {
      CustomerId owner = live.get(r.customerId());
      if (owner == null) {
        throw new NotFoundException("customer", r.customerId().toString());
      }
      r.conversationId().filter(conversations::add).ifPresent(c -> requireConversation(tx, c));
      Touchpoint t = r.toTouchpoint(new TouchpointId(uow.ids().next()), now);
      if (!owner.equals(r.customerId())) {
        t = t.toBuilder().customerId(owner).build();
      }
      rows.add(t);
    }
    List<Appended> appended = tx.touchpoints().appendAll(rows);
    List<RecordResult> out = new ArrayList<>(appended.size());
    for (Appended a : appended) {
      out.add(new RecordResult(a.touchpoint(), !a.inserted()));
      if (a.inserted()) {
        events.add(new TouchpointRecorded(uow.tenant(), now, a.touchpoint()));
      }
    }
    return out;
  }

  /**
   * Appends one touchpoint for a customer the caller read live in this unit of work, in a
   * conversation (if any) it read or wrote in it: nothing is looked up again, one statement. No
   * event is added: the caller adds {@link TouchpointRecorded} where its events belong in order.
   *
   * @param uow the tenant's units of work
   * @param tx the transaction
   * @param request the touchpoint
   * @param owner the live customer it is recorded for (its id replaces the request's)
   * @param now the time it is recorded at
   * @return the result: a duplicate (the touchpoint recorded before) when the provider id is taken
   */
  public static RecordResult appendKnown(UnitOfWork uow, StoreTransaction tx, NewTouchpoint request, Customer owner,
      Instant now) {
    Touchpoint t = request.toTouchpoint(new TouchpointId(uow.ids().next()), now);
    if (!owner.id().equals(request.customerId())) {
      t = t.toBuilder().customerId(owner.id()).build();
    }
    Appended a = tx.touchpoints().appendAll(List.of(t)).get(0);
    return new RecordResult(a.touchpoint(), !a.inserted());
  }

  private static void requireConversation(StoreTransaction tx, ConversationId id) {
    if (tx.conversations().find(id).isEmpty()) {
      throw new NotFoundException("conversation", id.toString());
    }
  }

  @Override
  public TimelinePage page(TimelineQuery query) {
    Checks.required(query, "query");
    Optional<TimelinePosition> after = query.after().map(Cursors::decode);
    return uow.read(tx -> {
      // Most customers were never merged: one round trip when the store can check that in the read.
      Optional<List<Touchpoint>> alone = tx.touchpoints().pageIfAlone(slice(query, Set.of(query.customerId()), after));
      if (alone.isPresent()) {
        return toPage(alone.get(), query.pageSize());
      }
      Customer owner = MergeGroups.live(tx, query.customerId());
      Set<CustomerId> group = MergeGroups.group(tx, owner.id());
      return toPage(tx.touchpoints().page(slice(query, group, after)), query.pageSize());
    });
  }

  private static TimelineSlice slice(TimelineQuery query, Set<CustomerId> customers,
      Optional<TimelinePosition> after) {
    return new TimelineSlice(customers, query.channels(), query.types(), query.conversationId(), query.from(),
        query.until(), query.order(), after, query.pageSize() + 1);
  }

  /** A page from up to pageSize + 1 rows: the extra row only says that another page follows. */
  private static TimelinePage toPage(List<Touchpoint> rows, int pageSize) {
    if (rows.size() <= pageSize) {
      return new TimelinePage(rows, Optional.empty());
    }
    List<Touchpoint> items = rows.subList(0, pageSize);
    return new TimelinePage(items, Optional.of(Cursors.encode(TimelinePosition.of(items.get(items.size() - 1)))));
  }

  @Override
  public Optional<Touchpoint> find(TouchpointId id) {
    Checks.required(id, "touchpoint");
    return uow.read(tx -> tx.touchpoints().find(id));
  }

  @Override
  public Touchpoint get(TouchpointId id) {
    return find(id).orElseThrow(() -> new NotFoundException("touchpoint", id.toString()));
  }

  @Override
  public Optional<Touchpoint> findByExternalId(ChannelId channel, String externalId) {
    Checks.required(channel, "channel");
    Checks.required(externalId, "externalId");
    // drivers would look up an unpaired surrogate as "?", finding another touchpoint
    Checks.input("externalId", () -> Checks.storable(externalId, "externalId"));
    return uow.read(tx -> tx.touchpoints().findByExternalId(channel, externalId));
  }

  @Override
  public Touchpoint updateStatus(TouchpointId id, DeliveryStatus status) {
    Checks.required(id, "touchpoint");
    Checks.required(status, "status");
    // A status that moved between the read and the compare-and-set is a lost race: the unit of
    // work runs again and decides on the status it finds then.
    return uow.write((tx, events) -> {
      Touchpoint current = tx.touchpoints().find(id).orElseThrow(() -> new NotFoundException("touchpoint", id.toString()));
      DeliveryStatus was = current.status().orElse(null);
      if (was != null && !was.canAdvanceTo(status)) {
        return current;
      }
      if (!tx.touchpoints().updateStatus(id, was, status)) {
        throw new ConcurrentUpdateException("touchpoint " + id + " status changed concurrently from " + was);
      }
      return current.toBuilder().status(status).build();
    });
  }
}
