package io.github.omnictx.core.engine.journey;

import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.engine.customer.MergeGroups;
import io.github.omnictx.core.journey.Journey;
import io.github.omnictx.core.journey.JourneyStep;
import io.github.omnictx.core.spi.StoreTransaction;
import io.github.omnictx.core.spi.TimelineSlice;
import io.github.omnictx.core.timeline.TimelineOrder;
import io.github.omnictx.core.timeline.TimelinePosition;
import io.github.omnictx.core.timeline.Touchpoint;
import io.github.omnictx.core.timeline.TouchpointType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Whether a touchpoint ends a run or is the event it awaits, judged by when it happened; and the
 * same questions asked of the timeline when a timer fires, so that a touchpoint recorded by any
 * path (late, or committed while the timer was being claimed) is seen. Not API. Thread-safe.
 */
final class Scans {
  /** Touchpoints read per page when a timer re-checks the timeline. */
  static final int PAGE = 200;
  /** The most pages one check reads: a guard is decided on the oldest matches first. */
  static final int MAX_PAGES = 50;

  /** @return why the touchpoint ends the run, if an exit guard matches it */
  Optional<String> exitBy(Run run, Context ctx, Touchpoint tp) {
    if (tp.occurredAt().isBefore(run.since())) {
      return Optional.empty();
    }
    for (Journey.ExitGuard g : run.journey.exitGuards()) {
      if (g.type().equals(tp.type()) && Steps.user("the exit guard", () -> g.matches().test(ctx, tp))) {
        return Optional.of(reason(tp));
      }
    }
    return Optional.empty();
  }

  private static String reason(Touchpoint tp) {
    return "exit guard: " + tp.type() + " " + tp.id() + " happened at " + tp.occurredAt();
  }

  /** @return whether the touchpoint is the event the run's current step awaits, and happened in time */
  boolean awaited(Run run, Context ctx, JourneyStep.WaitForEvent w, Touchpoint tp) {
    Optional<Instant> from = waitFrom(run);
    return w.type().equals(tp.type()) && from.isPresent() && !tp.occurredAt().isBefore(from.get())
        && run.waitingUntil != null && !tp.occurredAt().isAfter(run.waitingUntil)
        && Steps.user("the awaited event's condition", () -> w.matches().test(ctx, tp));
  }

  private static Optional<Instant> waitFrom(Run run) {
    return run.context.path("waitFrom").isTextual() ? Optional.of(Instant.parse(run.context.path("waitFrom").asText()))
        : Optional.empty();
  }

  /** Re-checks every exit guard against the timeline since the trigger, inside the unit of work that goes on. */
  Optional<String> recheck(StoreTransaction tx, Run run, Context ctx) {
    List<Journey.ExitGuard> guards = run.journey.exitGuards();
    if (guards.isEmpty()) {
      return Optional.empty();
    }
    Set<TouchpointType> types = Set.copyOf(guards.stream().map(Journey.ExitGuard::type).toList());
    return first(tx, run, types, run.since(), Optional.empty(), tp -> guards.stream()
        .anyMatch(g -> g.type().equals(tp.type()) && Steps.user("the exit guard", () -> g.matches().test(ctx, tp))))
        .map(Scans::reason);
  }

  /**
   * The awaited event, if one happened between the start of the wait and its deadline (the timer
   * may fire late: what happened after the deadline does not count).
   */
  Optional<Touchpoint> event(StoreTransaction tx, Run run, Context ctx, JourneyStep.WaitForEvent w) {
    Optional<Instant> from = waitFrom(run);
    Instant deadline = from.map(f -> f.plus(w.timeout())).orElse(ctx.now());
    return from.flatMap(f -> first(tx, run, Set.of(w.type()), f, Optional.of(deadline.plus(1, ChronoUnit.MICROS)),
        tp -> Steps.user("the awaited event's condition", () -> w.matches().test(ctx, tp))));
  }

  private static Optional<Touchpoint> first(StoreTransaction tx, Run run, Set<TouchpointType> types, Instant from,
      Optional<Instant> until, Predicate<Touchpoint> matches) {
    Set<CustomerId> group = MergeGroups.groupOf(tx, run.customer);
    Optional<TimelinePosition> after = Optional.empty();
    for (int page = 0; page < MAX_PAGES; page++) {
      List<Touchpoint> rows = tx.touchpoints().page(new TimelineSlice(group, Set.of(), types, Optional.empty(),
          Optional.of(from), until, TimelineOrder.OLDEST_FIRST, after, PAGE));
      for (Touchpoint tp : rows) {
        if (matches.test(tp)) {
          return Optional.of(tp);
        }
      }
      if (rows.size() < PAGE) {
        break;
      }
      after = Optional.of(TimelinePosition.of(rows.get(rows.size() - 1)));
    }
    return Optional.empty();
  }
}
