package io.github.omnictx.core.engine.journey;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.NotFoundException;
import io.github.omnictx.core.OmniException;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.engine.UnitOfWork;
import io.github.omnictx.core.engine.customer.MergeGroups;
import io.github.omnictx.core.engine.outbound.Delivery;
import io.github.omnictx.core.engine.timeline.TimelineService;
import io.github.omnictx.core.event.CustomerCreated;
import io.github.omnictx.core.event.CustomerUpdated;
import io.github.omnictx.core.event.OmniEvent;
import io.github.omnictx.core.event.TouchpointRecorded;
import io.github.omnictx.core.internal.Checks;
import io.github.omnictx.core.journey.Journey;
import io.github.omnictx.core.journey.JourneyRun;
import io.github.omnictx.core.journey.JourneyRun.Status;
import io.github.omnictx.core.journey.JourneyRunId;
import io.github.omnictx.core.journey.JourneyStep;
import io.github.omnictx.core.journey.Journeys;
import io.github.omnictx.core.journey.Trigger;
import io.github.omnictx.core.outbound.DispatcherSettings;
import io.github.omnictx.core.spi.OutboxRow;
import io.github.omnictx.core.spi.StoreTransaction;
import io.github.omnictx.core.timeline.NewTouchpoint;
import io.github.omnictx.core.timeline.Touchpoint;
import io.github.omnictx.core.timeline.TouchpointId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Journeys} of one tenant, and the engine behind them: runs the journeys' side of every
 * unit of work just before it commits (starting runs from the touchpoints it recorded, moving runs
 * that awaited them, ending runs an exit guard matches, scheduling date triggers of the customers
 * it created or changed), and fires the journeys' outbox timers. Not API. Thread-safe.
 */
public final class JourneyEngine implements Journeys, Delivery.RowWork {
  /** The outbox aggregate type of journey rows. */
  public static final String AGGREGATE_TYPE = "journey";
  /** A run's wait ran out. */
  public static final String TIMER = "journey.timer";
  /** A date trigger is due. */
  public static final String DATE = "journey.date";
  /** How many touchpoints one unit of work may have journeys react to: beyond, something loops. */
  static final int MAX_REACTIONS = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(JourneyEngine.class);

  /** Another dispatcher took the timer over: roll back, record nothing. */
  private static final class TakenOver extends OmniException {
    private static final long serialVersionUID = 1L;

    TakenOver(OutboxRow row) {
      super("outbox row " + row.id() + " is no longer at version " + row.version() + ": another dispatcher took it over");
    }
  }

  private final UnitOfWork uow;
  private final Registry registry;
  private final Steps steps;
  private final Scans scans;

  /**
   * @param uow the tenant's units of work
   * @param registry the registered journeys
   * @param steps what runs the steps
   */
  JourneyEngine(UnitOfWork uow, Registry registry, Steps steps) {
    this.uow = uow;
    this.registry = registry;
    this.steps = steps;
    this.scans = new Scans();
  }

  /**
   * The engine of a tenant.
   *
   * @param uow the tenant's units of work
   * @param registry the registered journeys
   * @param outbound the tenant's outbound service
   * @param dispatcher the tenant's routing
   * @param loyalty the loyalty system, if registered
   * @return the engine, already hooked into the tenant's units of work
   */
  public static JourneyEngine of(UnitOfWork uow, Registry registry,
      io.github.omnictx.core.engine.outbound.OutboundService outbound,
      io.github.omnictx.core.engine.routing.Dispatcher dispatcher,
      Optional<io.github.omnictx.core.loyalty.Loyalty> loyalty) {
    JourneyEngine e = new JourneyEngine(uow, registry, new Steps(uow, outbound, dispatcher, loyalty));
    if (!registry.isEmpty()) {
      uow.beforeCommit(e::beforeCommit);
    }
    return e;
  }

  // ------------------------------------------------------------------ reacting in the unit of work

  /** Reacts to what a unit of work did, events appended meanwhile included (a note a run leaves). */
  void beforeCommit(StoreTransaction tx, List<OmniEvent> events) {
    for (int i = 0; i < events.size(); i++) {
      if (i >= MAX_REACTIONS) {
        throw new IllegalStateException("journeys reacted to " + MAX_REACTIONS + " events in one unit of work");
      }
      OmniEvent e = events.get(i);
      if (e instanceof TouchpointRecorded r) {
        onTouchpoint(tx, events, r.touchpoint());
      } else if (e instanceof CustomerCreated c) {
        Dates.schedule(tx, uow, registry, c.customer());
      } else if (e instanceof CustomerUpdated c) {
        Dates.schedule(tx, uow, registry, c.customer());
      }
    }
  }

  private void onTouchpoint(StoreTransaction tx, List<OmniEvent> events, Touchpoint tp) {
    if (!registry.watches(tp.type())) {
      return;
    }
    Instant now = uow.now();
    List<NewTouchpoint> produced = new ArrayList<>();
    Set<CustomerId> group = MergeGroups.group(tx, tp.customerId());
    for (JourneyRun stored : tx.journeys().findActive(group)) {
      Optional<Journey> j = registry.find(stored.journey(), stored.journeyVersion());
      if (j.isEmpty()) {
        continue;
      }
      Run run = Run.of(stored, j.get());
      Context ctx = new Context(tx, run, now);
      try {
        Optional<String> exit = scans.exitBy(run, ctx, tp);
        if (exit.isPresent()) {
          run.log(exit.get());
          run.end(Status.EXITED, exit.get());
          run.save(tx, now);
          continue;
        }
        List<JourneyStep> list = j.get().steps();
        if (run.step < list.size() && list.get(run.step) instanceof JourneyStep.WaitForEvent w
            && scans.awaited(run, ctx, w, tp)) {
          run.context.put("event", tp.id().toString());
          run.waitingUntil = null;
          run.log("received " + tp.type() + " " + tp.id());
          run.step++;
          steps.advance(tx, events, run, now, produced);
        } else {
          continue;
        }
      } catch (Steps.StepFailed failed) {
        run.end(Status.FAILED, "a guard or awaited event's condition can never succeed: " + failed.getMessage());
      }
      run.save(tx, now);
    }
    for (Journey j : registry.latest()) {
      for (Trigger t : j.triggers()) {
        Optional<String> key;
        try {
          key = t.matches(tp) ? t.key(tp) : Optional.empty();
        } catch (RuntimeException bad) {
          // The touchpoint is recorded all the same: a trigger's own code never fails the write.
          LOG.warn("journey {} trigger {} threw on touchpoint {}; no run started", j, t, tp.id(), bad);
          key = Optional.empty();
        }
        if (key.isPresent()) {
          start(tx, events, j, key.get(), tp.customerId(), Optional.of(tp.id()), tp.occurredAt(), now, produced);
          break;
        }
      }
    }
    record(tx, events, produced);
  }

  /**
   * Starts a run for a key unless the key has an active run or its re-entry policy says no.
   *
   * @return whether a run started
   */
  boolean start(StoreTransaction tx, List<OmniEvent> events, Journey j, String key, CustomerId customer,
      Optional<TouchpointId> trigger, Instant since, Instant now, List<NewTouchpoint> produced) {
    Optional<JourneyRun> latest = tx.journeys().findLatest(j.name(), key);
    if (latest.isPresent()) {
      JourneyRun l = latest.get();
      if (!l.status().ended()) {
        return false;
      }
      boolean again = switch (j.reentry().kind()) {
        case NEVER -> false;
        case AFTER_END -> true;
        case AFTER_COOL_DOWN -> !l.endedAt().orElse(l.updatedAt()).plus(j.reentry().coolDown()).isAfter(now);
      };
      if (!again) {
        return false;
      }
    }
    Run run = Run.start(new JourneyRunId(uow.ids().next()), j, customer, key,
        latest.map(r -> r.sequence() + 1).orElse(0), now, trigger, since);
    run.log("started (" + j + ")" + trigger.map(t -> " by touchpoint " + t).orElse(""));
    steps.advance(tx, events, run, now, produced);
    run.save(tx, now);
    return true;
  }

  private void record(StoreTransaction tx, List<OmniEvent> events, List<NewTouchpoint> produced) {
    if (!produced.isEmpty()) {
      TimelineService.recordIn(uow, tx, events, produced);
    }
  }

  // ------------------------------------------------------------------ timers

  @Override
  public Delivery.Outcome process(OutboxRow row, DispatcherSettings settings) {
    try {
      return uow.write((tx, events) -> DATE.equals(row.type()) ? date(tx, events, row) : fire(tx, events, row));
    } catch (TakenOver e) {
      LOG.info("{}", e.getMessage());
      return new Delivery.Outcome(Delivery.Result.LOST, Optional.empty());
    }
  }

  private static Delivery.Outcome finished() {
    return new Delivery.Outcome(Delivery.Result.FINISHED, Optional.empty());
  }

  private void complete(StoreTransaction tx, OutboxRow row) {
    if (!tx.outbox().complete(row.id(), row.version())) {
      throw new TakenOver(row);
    }
  }

  /** A run's wait ran out: re-check the exit guards, take the awaited event if it happened in time, go on. */
  private Delivery.Outcome fire(StoreTransaction tx, List<OmniEvent> events, OutboxRow row) {
    JsonNode p = row.payload();
    Optional<JourneyRun> found;
    try {
      found = tx.journeys().find(JourneyRunId.of(p.path("run").asText()));
    } catch (IllegalArgumentException bad) {
      // Written by a newer node, perhaps: left for a node that can read it, an hour from now.
      LOG.warn("journey timer {} names no run ({}); put back for an hour", row.id(), p.path("run"));
      if (!tx.outbox().reschedule(row.id(), row.version(), uow.now().plus(Duration.ofHours(1)),
          "journey timer names no run this node can read")) {
        throw new TakenOver(row);
      }
      return finished();
    }
    if (found.isEmpty() || found.get().status().ended() || found.get().step() != p.path("step").asInt(-1)
        || found.get().context().path("waits").asInt(0) != p.path("waits").asInt(-1)) {
      complete(tx, row);
      return finished();
    }
    JourneyRun stored = found.get();
    Instant now = uow.now();
    Optional<Journey> j = registry.find(stored.journey(), stored.journeyVersion());
    if (j.isEmpty()) {
      // A newer node's version, perhaps: left for a node that knows it, an hour from now.
      if (!tx.outbox().reschedule(row.id(), row.version(), now.plus(Duration.ofHours(1)),
          "journey " + stored.journey() + " v" + stored.journeyVersion() + " is not registered on this node")) {
        throw new TakenOver(row);
      }
      return finished();
    }
    complete(tx, row);
    Run run = Run.of(stored, j.get());
    Context ctx = new Context(tx, run, now);
    run.waitingUntil = null;
    List<NewTouchpoint> produced = new ArrayList<>();
    try {
      Optional<String> exit = scans.recheck(tx, run, ctx);
      if (exit.isPresent()) {
        run.log(exit.get());
        run.end(Status.EXITED, exit.get());
      } else {
        if (j.get().steps().get(run.step) instanceof JourneyStep.WaitForEvent w) {
          Optional<Touchpoint> event = scans.event(tx, run, ctx, w);
          if (event.isPresent()) {
            run.context.put("event", event.get().id().toString());
            run.log("received " + w.type() + " " + event.get().id() + " (recorded late, happened in time)");
          } else {
            run.context.remove("event");
            run.log("no " + w.type() + " within " + w.timeout());
          }
        } else {
          run.log("waited");
        }
        run.step++;
        steps.advance(tx, events, run, now, produced);
      }
    } catch (Steps.StepFailed failed) {
      run.end(Status.FAILED, "a guard or awaited event's condition can never succeed: " + failed.getMessage());
    }
    run.save(tx, now);
    record(tx, events, produced);
    return finished();
  }

  /** A date trigger is due: start the year's run if the date still holds, and schedule the next. */
  private Delivery.Outcome date(StoreTransaction tx, List<OmniEvent> events, OutboxRow row) {
    complete(tx, row);
    List<NewTouchpoint> produced = new ArrayList<>();
    Dates.fire(tx, uow, registry, row, (j, key, customer) ->
        start(tx, events, j, key, customer, Optional.empty(), uow.now(), uow.now(), produced));
    record(tx, events, produced);
    return finished();
  }

  // ------------------------------------------------------------------ reading

  @Override
  public List<Journey> definitions() {
    return registry.all();
  }

  @Override
  public Optional<JourneyRun> find(JourneyRunId id) {
    Checks.required(id, "run");
    return uow.read(tx -> tx.journeys().find(id));
  }

  @Override
  public JourneyRun get(JourneyRunId id) {
    return find(id).orElseThrow(() -> new NotFoundException("journey run", id.toString()));
  }

  @Override
  public Optional<JourneyRun> latest(String journey, String correlationKey) {
    Checks.required(journey, "journey");
    Checks.required(correlationKey, "correlationKey");
    return uow.read(tx -> tx.journeys().findLatest(journey, correlationKey));
  }

  @Override
  public List<JourneyRun> ofCustomer(CustomerId customer, int limit) {
    Checks.required(customer, "customer");
    if (limit < 1 || limit > 500) {
      throw new InvalidInputException("limit", "limit must be between 1 and 500, was: " + limit);
    }
    return uow.read(tx -> tx.journeys().findByCustomers(MergeGroups.groupOf(tx, customer), limit));
  }

  /** @return a deterministic id, so one date occurrence is scheduled once however often the customer changes */
  static UUID dateRowId(String tenant, String journey, CustomerId customer, Instant fireAt) {
    return UUID.nameUUIDFromBytes((tenant + '\0' + journey + '\0' + customer + '\0' + fireAt)
        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
