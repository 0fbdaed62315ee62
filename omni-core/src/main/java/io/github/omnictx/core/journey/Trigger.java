package io.github.omnictx.core.journey;

import io.github.omnictx.core.internal.Checks;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.timeline.Touchpoint;
import io.github.omnictx.core.timeline.TouchpointType;
import java.time.LocalTime;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What starts a run: a touchpoint of a type (optionally of one direction, matching a predicate),
 * recorded in the same unit of work as the run it starts; or a date attribute of the customer
 * (a birthday), due once a year at a local time in the customer's time zone. Immutable and
 * thread-safe when its functions are.
 */
public final class Trigger {
  private final Optional<TouchpointType> type;
  private final Optional<Direction> direction;
  private final Predicate<Touchpoint> where;
  private final Function<Touchpoint, Optional<String>> correlateBy;
  private final Optional<String> dateAttribute;
  private final LocalTime at;

  private Trigger(Optional<TouchpointType> type, Optional<Direction> direction, Predicate<Touchpoint> where,
      Function<Touchpoint, Optional<String>> correlateBy, Optional<String> dateAttribute, LocalTime at) {
    this.type = type;
    this.direction = direction;
    this.where = where;
    this.correlateBy = correlateBy;
    this.dateAttribute = dateAttribute;
    this.at = at;
  }

  /**
   * A trigger on every touchpoint of a type; the correlation key is the touchpoint's customer until
   * {@link #correlateBy} says otherwise.
   *
   * @param type the touchpoint type
   * @return the trigger
   * @throws IllegalArgumentException if the type is null
   */
  public static Trigger on(TouchpointType type) {
    Checks.notNull(type, "type");
    return new Trigger(Optional.of(type), Optional.empty(), t -> true, t -> Optional.of(t.customerId().toString()),
        Optional.empty(), LocalTime.NOON);
  }

  /**
   * A yearly trigger on a customer attribute holding a date ({@code 1990-02-28}, or {@code
   * --02-28} without a year). It fires on that month and day at {@code at} in the customer's time
   * zone (their contact preferences; UTC without one). <b>29 February</b>: in a year without it
   * the run starts on 28 February. The correlation key is the attribute and the year, so a
   * birthday journey runs once a year. Schedules are set when a customer is created or changes,
   * and renewed after each run starts.
   *
   * @param attribute the attribute key, e.g. {@code birthday}
   * @param at the local time of day it fires
   * @return the trigger
   * @throws IllegalArgumentException if an argument is null or blank
   */
  public static Trigger onDate(String attribute, LocalTime at) {
    Checks.notBlank(attribute, "attribute");
    Checks.notNull(at, "at");
    return new Trigger(Optional.empty(), Optional.empty(), t -> false, t -> Optional.empty(), Optional.of(attribute),
        at);
  }

  /**
   * @param direction only touchpoints of this direction start a run
   * @return a copy with the direction
   * @throws IllegalStateException on a date trigger
   */
  public Trigger direction(Direction direction) {
    Checks.notNull(direction, "direction");
    requireTouchpoint("direction");
    return new Trigger(type, Optional.of(direction), where, correlateBy, dateAttribute, at);
  }

  /**
   * @param condition only touchpoints it accepts start a run (in addition to any condition given
   *     before); it runs inside the unit of work that records the touchpoint and must not block
   * @return a copy with the condition
   * @throws IllegalStateException on a date trigger
   */
  public Trigger where(Predicate<Touchpoint> condition) {
    Checks.notNull(condition, "condition");
    requireTouchpoint("where");
    Predicate<Touchpoint> before = where;
    return new Trigger(type, direction, t -> before.test(t) && condition.test(t), correlateBy, dateAttribute, at);
  }

  /**
   * @param key the correlation key of a touchpoint (a cart id, a visit id); a touchpoint it gives
   *     no key for starts no run
   * @return a copy keyed by it
   * @throws IllegalStateException on a date trigger
   */
  public Trigger correlateBy(Function<Touchpoint, Optional<String>> key) {
    Checks.notNull(key, "key");
    requireTouchpoint("correlateBy");
    return new Trigger(type, direction, where, key, dateAttribute, at);
  }

  /**
   * Keys runs by a text field of the touchpoint's payload; a touchpoint without it starts none.
   *
   * @param field a top-level payload field, e.g. {@code cart}
   * @return a copy keyed by the field
   */
  public Trigger correlateByPayload(String field) {
    Checks.notBlank(field, "field");
    return correlateBy(t -> t.payloadText(field));
  }

  private void requireTouchpoint(String what) {
    if (type.isEmpty()) {
      throw new IllegalStateException(what + " applies to touchpoint triggers, not to a date trigger");
    }
  }

  /** @return the touchpoint type, empty for a date trigger */
  public Optional<TouchpointType> type() {
    return type;
  }

  /** @return the direction a touchpoint must have, if one */
  public Optional<Direction> direction() {
    return direction;
  }

  /** @return the date attribute, for a date trigger */
  public Optional<String> dateAttribute() {
    return dateAttribute;
  }

  /** @return the local time a date trigger fires at */
  public LocalTime at() {
    return at;
  }

  /**
   * Whether a touchpoint starts a run: its type, direction and condition.
   *
   * @param t the touchpoint
   * @return whether it matches
   */
  public boolean matches(Touchpoint t) {
    return type.isPresent() && type.get().equals(t.type()) && direction.map(d -> d == t.direction()).orElse(true)
        && where.test(t);
  }

  /**
   * @param t a matching touchpoint
   * @return its correlation key, empty when it has none (or it is too long: at most {@value
   *     JourneyRun#MAX_KEY} characters)
   */
  public Optional<String> key(Touchpoint t) {
    return correlateBy.apply(t).filter(k -> !k.isBlank() && k.length() <= JourneyRun.MAX_KEY);
  }

  @Override
  public String toString() {
    return type.map(t -> "on " + t + direction.map(d -> " " + d).orElse(""))
        .orElse("on date " + dateAttribute.orElse("") + " at " + at);
  }
}
