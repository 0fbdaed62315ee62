package io.github.omnictx.core.internal;

import io.github.omnictx.core.NotFoundException;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.conversation.ConversationId;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.event.OmniEvent;
import io.github.omnictx.core.event.TouchpointRecorded;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The {@link Timeline} service. Not API. Thread-safe. */
public final class TimelineImpl implements Timeline {
  private final TenantContext ctx;

  /**
   * @param ctx the tenant context
   */
  public TimelineImpl(TenantContext ctx) {
    this.ctx = ctx;
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
      ctx.channel(t.channel());
    });
    if (touchpoints.isEmpty()) {
      return List.of();
    }
    return ctx.write((tx, events) -> recordIn(ctx, tx, events, touchpoints));
  }

  /**
   * Records touchpoints inside a caller's unit of work (used by other services so that, for
   * example, a conversation change and its touchpoint commit together).
   *
   * @param ctx the tenant context
   * @param tx the transaction
   * @param events where to add events
   * @param requests the touchpoints
   * @return one result per request
   */
  public static List<RecordResult> recordIn(TenantContext ctx, StoreTransaction tx, List<OmniEvent> events,
      List<NewTouchpoint> requests) {
    Instant now = ctx.now();
    Map<io.github.omnictx.core.customer.CustomerId, Customer> live = new HashMap<>();
    List<Touchpoint> rows = new ArrayList<>(requests.size());
    for (NewTouchpoint r : requests) {
      Customer owner = live.computeIfAbsent(r.customerId(), id -> TenantContext.live(tx, id));
      r.conversationId().ifPresent(c -> requireConversation(tx, c));
      Touchpoint t = r.toTouchpoint(new TouchpointId(ctx.ids().next()), now);
      if (!owner.id().equals(r.customerId())) {
        t = t.toBuilder().customerId(owner.id()).build();
      }
      rows.add(t);
    }
    List<Appended> appended = tx.touchpoints().appendAll(rows);
    List<RecordResult> out = new ArrayList<>(appended.size());
    for (Appended a : appended) {
      out.add(new RecordResult(a.touchpoint(), !a.inserted()));
      if (a.inserted()) {
        events.add(new TouchpointRecorded(ctx.tenant(), now, a.touchpoint()));
      }
    }
    return out;
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
    return ctx.read(tx -> {
      // Most customers were never merged: one round trip when the store can check that in the read.
      Optional<List<Touchpoint>> alone = tx.touchpoints().pageIfAlone(slice(query, Set.of(query.customerId()), after));
      if (alone.isPresent()) {
        return toPage(alone.get(), query.pageSize());
      }
      Customer owner = TenantContext.live(tx, query.customerId());
      Set<io.github.omnictx.core.customer.CustomerId> group = TenantContext.group(tx, owner.id());
      return toPage(tx.touchpoints().page(slice(query, group, after)), query.pageSize());
    });
  }

  private static TimelineSlice slice(TimelineQuery query, Set<io.github.omnictx.core.customer.CustomerId> customers,
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
    return ctx.read(tx -> tx.touchpoints().find(id));
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
    return ctx.read(tx -> tx.touchpoints().findByExternalId(channel, externalId));
  }

  @Override
  public Touchpoint updateStatus(TouchpointId id, DeliveryStatus status) {
    Checks.required(id, "touchpoint");
    Checks.required(status, "status");
    for (int attempt = 0; ; attempt++) {
      Optional<Touchpoint> done = ctx.write((tx, events) -> {
        Touchpoint current = tx.touchpoints().find(id).orElseThrow(() -> new NotFoundException("touchpoint", id.toString()));
        DeliveryStatus was = current.status().orElse(null);
        if (was != null && !was.canAdvanceTo(status)) {
          return Optional.of(current);
        }
        if (tx.touchpoints().updateStatus(id, was, status)) {
          return Optional.of(current.toBuilder().status(status).build());
        }
        return Optional.empty();
      });
      if (done.isPresent()) {
        return done.get();
      }
      if (attempt >= 10) {
        throw new io.github.omnictx.core.ConcurrentUpdateException(
            "touchpoint " + id + " status kept changing; gave up after " + attempt + " attempts");
      }
    }
  }
}
