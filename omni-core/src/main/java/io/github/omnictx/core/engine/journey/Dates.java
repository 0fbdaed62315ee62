package io.github.omnictx.core.engine.journey;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.engine.UnitOfWork;
import io.github.omnictx.core.engine.customer.MergeGroups;
import io.github.omnictx.core.journey.Journey;
import io.github.omnictx.core.journey.Trigger;
import io.github.omnictx.core.spi.OutboxRow;
import io.github.omnictx.core.spi.StoreTransaction;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.Year;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.UUID;

/**
 * Date triggers: the next occurrence of a customer's date attribute, in their time zone, as an
 * outbox row with a deterministic id (one row per occurrence however often the customer changes).
 * 29 February falls on 28 February in other years. Not API. Thread-safe (stateless).
 */
final class Dates {
  private Dates() {}

  /** What starts a dated run. */
  @FunctionalInterface
  interface Starter {
    void start(Journey journey, String key, CustomerId customer);
  }

  /**
   * Reads a date attribute: {@code 1990-02-28} or {@code --02-28}.
   *
   * @return the month and day, empty when absent or not a date
   */
  static Optional<MonthDay> monthDay(Customer c, String attribute) {
    Optional<String> v = c.attribute(attribute).map(String::strip);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    try {
      String s = v.get();
      return Optional.of(s.startsWith("--") ? MonthDay.parse(s) : MonthDay.from(LocalDate.parse(s)));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  /** The day a month and day falls on in a year: 29 February is 28 February in other years. */
  static LocalDate on(MonthDay md, int year) {
    return md.isValidYear(year) ? md.atYear(year) : LocalDate.of(year, md.getMonth(), md.getMonth().length(Year.isLeap(year)));
  }

  /** The first occurrence at or after {@code from}, at the trigger's time in the customer's zone. */
  static Instant next(MonthDay md, Trigger t, ZoneId zone, Instant from) {
    int year = from.atZone(zone).getYear();
    for (int y = year; ; y++) {
      Instant at = ZonedDateTime.of(on(md, y), t.at(), zone).toInstant();
      if (!at.isBefore(from)) {
        return at;
      }
    }
  }

  /** Schedules the next occurrence of every date trigger for a customer that was created or changed. */
  static void schedule(StoreTransaction tx, UnitOfWork uow, Registry registry, Customer c) {
    if (!c.isLive()) {
      return;
    }
    Instant now = uow.now();
    for (Journey j : registry.latest()) {
      for (Trigger t : j.triggers()) {
        if (t.dateAttribute().isEmpty()) {
          continue;
        }
        Optional<MonthDay> md = monthDay(c, t.dateAttribute().get());
        if (md.isPresent()) {
          enqueue(tx, uow, j, t, c.id(), next(md.get(), t, c.preferences().zone(), now), now);
        }
      }
    }
  }

  private static void enqueue(StoreTransaction tx, UnitOfWork uow, Journey j, Trigger t, CustomerId customer,
      Instant at, Instant now) {
    UUID id = JourneyEngine.dateRowId(uow.tenant().value(), j.name(), customer, at);
    if (tx.outbox().find(id).isPresent()) {
      return;
    }
    ObjectNode p = JsonNodeFactory.instance.objectNode().put("tenant", uow.tenant().value()).put("journey", j.name())
        .put("customer", customer.toString()).put("attribute", t.dateAttribute().orElseThrow()).put("at", at.toString());
    tx.outbox().enqueue(OutboxRow.pending(id, uow.tenant(), JourneyEngine.AGGREGATE_TYPE, customer.toString(),
        JourneyEngine.DATE, p, now, at));
  }

  /** A date row is due: starts the run when the customer's date still falls then, and schedules the next year's. */
  static void fire(StoreTransaction tx, UnitOfWork uow, Registry registry, OutboxRow row, Starter starter) {
    JsonNode p = row.payload();
    Optional<Journey> j = registry.latest().stream().filter(x -> x.name().equals(p.path("journey").asText())).findFirst();
    if (j.isEmpty()) {
      return;
    }
    Customer c;
    Instant at;
    try {
      c = MergeGroups.live(tx, CustomerId.of(p.path("customer").asText()));
      at = Instant.parse(p.path("at").asText());
    } catch (RuntimeException gone) {
      return;
    }
    String attribute = p.path("attribute").asText();
    for (Trigger t : j.get().triggers()) {
      if (!t.dateAttribute().filter(attribute::equals).isPresent()) {
        continue;
      }
      Optional<MonthDay> md = monthDay(c, attribute);
      if (md.isEmpty()) {
        return;
      }
      ZoneId zone = c.preferences().zone();
      // Scheduled for another date or zone than the customer has now: a newer row stands for it.
      Instant due = next(md.get(), t, zone, at);
      if (due.equals(at)) {
        starter.start(j.get(), attribute + ":" + at.atZone(zone).getYear(), c.id());
      }
      Instant now = uow.now();
      enqueue(tx, uow, j.get(), t, c.id(), next(md.get(), t, zone, now.isAfter(at) ? now : at.plusSeconds(1)), now);
      return;
    }
  }
}
