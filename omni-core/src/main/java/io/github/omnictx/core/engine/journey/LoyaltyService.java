package io.github.omnictx.core.engine.journey;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.engine.UnitOfWork;
import io.github.omnictx.core.engine.customer.MergeGroups;
import io.github.omnictx.core.engine.timeline.TimelineService;
import io.github.omnictx.core.internal.Checks;
import io.github.omnictx.core.loyalty.Loyalty;
import io.github.omnictx.core.loyalty.LoyaltyEntry;
import io.github.omnictx.core.loyalty.LoyaltyPoints;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.timeline.NewTouchpoint;
import io.github.omnictx.core.timeline.TouchpointType;
import java.util.List;
import java.util.Optional;

/** The {@link LoyaltyPoints} of a tenant. Not API. Thread-safe. */
public final class LoyaltyService implements LoyaltyPoints {
  private final UnitOfWork uow;
  private final Optional<Loyalty> loyalty;

  /**
   * @param uow the tenant's units of work
   * @param loyalty the loyalty system, if registered
   */
  public LoyaltyService(UnitOfWork uow, Optional<Loyalty> loyalty) {
    this.uow = uow;
    this.loyalty = loyalty;
  }

  private Loyalty system() {
    return loyalty.orElseThrow(() -> new IllegalStateException(
        "no loyalty system is registered: register one with Omni.builder().loyalty(...)"));
  }

  @Override
  public boolean available() {
    return loyalty.isPresent();
  }

  @Override
  public long balance(CustomerId customer) {
    Checks.required(customer, "customer");
    Loyalty l = system();
    return uow.read(tx -> l.balance(uow.tenant(), MergeGroups.live(tx, customer).id()));
  }

  /**
   * The balance for a customer card, read inside a caller's unit of work.
   *
   * @param customer the live customer
   * @return the balance, empty without a loyalty system
   */
  public Optional<Long> balanceIn(CustomerId customer) {
    return loyalty.map(l -> l.balance(uow.tenant(), customer));
  }

  @Override
  public LoyaltyEntry award(CustomerId customer, ChannelId channel, long points, String reason, String key) {
    Checks.required(customer, "customer");
    uow.channel(channel);
    Checks.required(reason, "reason");
    Checks.required(key, "key");
    if (points < 1) {
      throw new InvalidInputException("points", "points must be positive, was: " + points);
    }
    Checks.input("key", () -> Checks.maxLength(Checks.notBlank(key, "key"), 200, "key"));
    Checks.input("reason", () -> Checks.notBlank(reason, "reason"));
    Loyalty l = system();
    return uow.write((tx, events) -> {
      Customer live = MergeGroups.live(tx, customer);
      LoyaltyEntry e = l.award(uow.tenant(), live.id(), points, reason, key);
      record(tx, events, live, channel, AWARD, e);
      return e;
    });
  }

  @Override
  public Optional<LoyaltyEntry> reverse(CustomerId customer, ChannelId channel, String key) {
    Checks.required(customer, "customer");
    uow.channel(channel);
    Checks.required(key, "key");
    Loyalty l = system();
    return uow.write((tx, events) -> {
      Customer live = MergeGroups.live(tx, customer);
      Optional<LoyaltyEntry> e = l.reverse(uow.tenant(), key);
      e.ifPresent(x -> record(tx, events, live, channel, REVERSAL, x));
      return e;
    });
  }

  /** One touchpoint per award or reversal: its external id is the key, so a repeat records nothing. */
  private void record(io.github.omnictx.core.spi.StoreTransaction tx, List<io.github.omnictx.core.event.OmniEvent> events,
      Customer live, ChannelId channel, TouchpointType type, LoyaltyEntry e) {
    TimelineService.recordIn(uow, tx, events, List.of(NewTouchpoint.builder(live.id(), channel, type)
        .direction(Direction.INTERNAL).externalId(type + ":" + e.key())
        .payload(JsonNodeFactory.instance.objectNode().put("points", e.points()).put("reason", e.reason())
            .put("key", e.key())).build()));
  }
}
