package io.github.omnictx.core.memory;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.omnictx.core.ConcurrentUpdateException;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.spi.ChannelActivity;
import io.github.omnictx.core.spi.TimelineSlice;
import io.github.omnictx.core.spi.TouchpointRepository;
import io.github.omnictx.core.timeline.DeliveryStatus;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.timeline.TimelineOrder;
import io.github.omnictx.core.timeline.TimelinePosition;
import io.github.omnictx.core.timeline.Touchpoint;
import io.github.omnictx.core.timeline.TouchpointId;
import io.github.omnictx.core.timeline.TouchpointType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The timeline: touchpoints by id, by (channel, external id) for idempotent appends, and each
 * customer's in timeline order, so that a page over several customers is a lazy merge of sorted sets.
 */
final class InMemoryTouchpoints implements TouchpointRepository {
  private static final Comparator<Touchpoint> TIMELINE_ORDER = Comparator.comparing(TimelinePosition::of);

  private final InMemoryTransaction tx;
  private final TenantData d;
  private final UndoLog undo;

  InMemoryTouchpoints(InMemoryTransaction tx) {
    this.tx = tx;
    this.d = tx.data();
    this.undo = tx.undo();
  }

  /** @return the key of {@link TenantData#externalIndex} */
  static String externalKey(ChannelId channel, String externalId) {
    return channel.value() + '\u0000' + externalId;
  }

  @Override
  public Appended append(Touchpoint touchpoint) {
    tx.checkOpen();
    String key = touchpoint.externalId().map(e -> externalKey(touchpoint.channel(), e)).orElse(null);
    if (key != null) {
      TouchpointId existing = d.externalIndex.get(key);
      if (existing != null) {
        return new Appended(Objects.requireNonNull(d.touchpoints.get(existing), "indexed touchpoint"), false);
      }
    }
    if (d.touchpoints.containsKey(touchpoint.id())) {
      throw new ConcurrentUpdateException("touchpoint " + touchpoint.id() + " already exists");
    }
    if (key != null) {
      undo.put(d.externalIndex, key, touchpoint.id());
    }
    undo.put(d.touchpoints, touchpoint.id(), touchpoint);
    addToTimeline(touchpoint);
    return new Appended(touchpoint, true);
  }

  private void addToTimeline(Touchpoint touchpoint) {
    NavigableSet<Touchpoint> set = d.byCustomer.computeIfAbsent(touchpoint.customerId(), c -> new TreeSet<>(TIMELINE_ORDER));
    set.add(touchpoint);
    undo.onUndo(() -> set.remove(touchpoint));
  }

  @Override
  public Optional<Touchpoint> find(TouchpointId id) {
    tx.checkOpen();
    return Optional.ofNullable(d.touchpoints.get(id));
  }

  @Override
  public Optional<Touchpoint> findByExternalId(ChannelId channel, String externalId) {
    tx.checkOpen();
    TouchpointId id = d.externalIndex.get(externalKey(channel, externalId));
    return id == null ? Optional.empty() : Optional.ofNullable(d.touchpoints.get(id));
  }

  @Override
  public List<Touchpoint> page(TimelineSlice slice) {
    tx.checkOpen();
    // Merge the customers' sorted sets lazily: walk each in the slice's direction and pick the next.
    List<Iterator<Touchpoint>> its = new ArrayList<>();
    for (CustomerId c : slice.customers()) {
      NavigableSet<Touchpoint> set = d.byCustomer.get(c);
      if (set != null) {
        its.add(slice.order() == TimelineOrder.NEWEST_FIRST ? set.descendingIterator() : set.iterator());
      }
    }
    Comparator<Touchpoint> cmp = slice.order() == TimelineOrder.NEWEST_FIRST ? TIMELINE_ORDER.reversed() : TIMELINE_ORDER;
    PriorityQueue<Map.Entry<Touchpoint, Iterator<Touchpoint>>> heads =
        new PriorityQueue<>((a, b) -> cmp.compare(a.getKey(), b.getKey()));
    for (Iterator<Touchpoint> it : its) {
      advance(it, slice, heads);
    }
    List<Touchpoint> out = new ArrayList<>();
    while (!heads.isEmpty() && out.size() < slice.limit()) {
      Map.Entry<Touchpoint, Iterator<Touchpoint>> head = heads.poll();
      out.add(head.getKey());
      advance(head.getValue(), slice, heads);
    }
    return out;
  }

  @Override
  public Optional<List<Touchpoint>> pageIfAlone(TimelineSlice slice) {
    tx.checkOpen();
    if (slice.customers().size() != 1) {
      return Optional.empty();
    }
    CustomerId id = slice.customers().iterator().next();
    Customer c = d.customers.get(id);
    if (c == null || !c.isLive() || !tx.customers().findMergedInto(id).isEmpty()) {
      return Optional.empty();
    }
    List<Touchpoint> rows = page(slice);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows);
  }

  private static void advance(Iterator<Touchpoint> it, TimelineSlice slice,
      PriorityQueue<Map.Entry<Touchpoint, Iterator<Touchpoint>>> heads) {
    while (it.hasNext()) {
      Touchpoint t = it.next();
      TimelinePosition p = TimelinePosition.of(t);
      if (!slice.admits(p)) {
        boolean beyondEnd = slice.order() == TimelineOrder.NEWEST_FIRST
            ? slice.from().filter(f -> p.occurredAt().isBefore(f)).isPresent()
            : slice.until().filter(u -> !p.occurredAt().isBefore(u)).isPresent();
        if (beyondEnd) {
          return;
        }
        continue;
      }
      if (!slice.channels().isEmpty() && !slice.channels().contains(t.channel())) {
        continue;
      }
      if (!slice.types().isEmpty() && !slice.types().contains(t.type())) {
        continue;
      }
      if (slice.conversation().isPresent() && !slice.conversation().equals(t.conversationId())) {
        continue;
      }
      heads.add(Map.entry(t, it));
      return;
    }
  }

  @Override
  public boolean updateStatus(TouchpointId id, @Nullable DeliveryStatus expected, DeliveryStatus next) {
    tx.checkOpen();
    Touchpoint current = d.touchpoints.get(id);
    if (current == null || !Objects.equals(current.status().orElse(null), expected)) {
      return false;
    }
    Touchpoint updated = current.toBuilder().status(next).build();
    undo.put(d.touchpoints, id, updated);
    NavigableSet<Touchpoint> set = Objects.requireNonNull(d.byCustomer.get(current.customerId()), "a stored touchpoint's customer");
    set.remove(current);
    set.add(updated);
    undo.onUndo(() -> {
      set.remove(updated);
      set.add(current);
    });
    return true;
  }

  @Override
  public boolean replacePayload(TouchpointId id, JsonNode expected, JsonNode next) {
    tx.checkOpen();
    Touchpoint current = d.touchpoints.get(id);
    if (current == null || !current.payload().equals(expected)) {
      return false;
    }
    replace(current, current.toBuilder().payload(next).build());
    return true;
  }

  @Override
  public boolean markSent(TouchpointId id, String externalId, @Nullable DeliveryStatus expected, DeliveryStatus next) {
    tx.checkOpen();
    Touchpoint current = d.touchpoints.get(id);
    if (current == null || current.externalId().isPresent() || !Objects.equals(current.status().orElse(null), expected)) {
      return false;
    }
    String key = externalKey(current.channel(), externalId);
    TouchpointId holder = d.externalIndex.get(key);
    if (holder != null) {
      throw new ConcurrentUpdateException("provider id " + externalId + " on " + current.channel()
          + " is held by touchpoint " + holder);
    }
    Touchpoint updated = current.toBuilder().externalId(externalId).status(next).build();
    undo.put(d.externalIndex, key, id);
    replace(current, updated);
    return true;
  }

  /** Replaces a touchpoint in the store and the timeline index, undoably. */
  void replace(Touchpoint current, Touchpoint updated) {
    undo.put(d.touchpoints, current.id(), updated);
    NavigableSet<Touchpoint> set = Objects.requireNonNull(d.byCustomer.get(current.customerId()), "a stored touchpoint's customer");
    set.remove(current);
    set.add(updated);
    undo.onUndo(() -> {
      set.remove(updated);
      set.add(current);
    });
  }

  @Override
  public Map<ChannelId, ChannelActivity> activity(Collection<CustomerId> customers, Instant scanFrom, Instant countFrom) {
    tx.checkOpen();
    Map<ChannelId, long[]> counts = new HashMap<>();
    Map<ChannelId, Instant> inbound = new HashMap<>();
    Map<ChannelId, Instant> purchase = new HashMap<>();
    for (CustomerId c : customers) {
      NavigableSet<Touchpoint> set = d.byCustomer.get(c);
      if (set == null) {
        continue;
      }
      for (Iterator<Touchpoint> it = set.descendingIterator(); it.hasNext(); ) {
        Touchpoint t = it.next();
        if (t.occurredAt().isBefore(scanFrom)) {
          break;
        }
        long[] n = counts.computeIfAbsent(t.channel(), k -> new long[2]);
        boolean message = t.type().equals(TouchpointType.MESSAGE);
        boolean counted = !t.occurredAt().isBefore(countFrom);
        if (message && t.direction() == Direction.INBOUND) {
          n[0] += counted ? 1 : 0;
          inbound.merge(t.channel(), t.occurredAt(), (a, b) -> a.isAfter(b) ? a : b);
        }
        if (counted && t.status().filter(DeliveryStatus.READ::equals).isPresent()) {
          n[1]++;
        }
        if (t.type().equals(TouchpointType.PURCHASE)) {
          purchase.merge(t.channel(), t.occurredAt(), (a, b) -> a.isAfter(b) ? a : b);
        }
      }
    }
    Map<ChannelId, ChannelActivity> out = new HashMap<>();
    counts.forEach((ch, n) -> out.put(ch, new ChannelActivity(n[0], n[1], Optional.ofNullable(inbound.get(ch)),
        Optional.ofNullable(purchase.get(ch)))));
    return out;
  }
}
