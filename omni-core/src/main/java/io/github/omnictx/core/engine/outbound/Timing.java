package io.github.omnictx.core.engine.outbound;

import io.github.omnictx.core.channel.Channel;
import io.github.omnictx.core.consent.QuietHours;
import io.github.omnictx.core.outbound.FrequencyCap;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.Optional;

/**
 * The time rules of a decision: the end of quiet hours in the customer's zone, the service window,
 * and the period a frequency cap counts in. Not API. Stateless.
 */
public final class Timing {
  private Timing() {}

  /**
   * The first instant at or after {@code at} outside the quiet hours, in the customer's zone. A
   * quiet period that spans midnight ends on the next day; the end is found on the local calendar,
   * so it is right across DST changes (the quiet period on the night clocks go forward is an hour
   * shorter in real time). An end time that falls into a DST gap ends the quiet at the transition.
   *
   * @param at the time the message would go
   * @param quiet the quiet hours
   * @param zone the customer's time zone
   * @return {@code at} itself when it is not quiet, else the end of the quiet period
   */
  public static Instant endOfQuiet(Instant at, QuietHours quiet, ZoneId zone) {
    ZonedDateTime local = at.atZone(zone);
    LocalTime time = local.toLocalTime();
    if (!quiet.contains(time)) {
      return at;
    }
    LocalDate date = local.toLocalDate();
    boolean wraps = quiet.start().isAfter(quiet.end());
    if (wraps && !time.isBefore(quiet.start())) {
      date = date.plusDays(1);
    }
    LocalDateTime end = LocalDateTime.of(date, quiet.end());
    ZoneOffsetTransition gap = zone.getRules().getTransition(end);
    if (gap != null && gap.isGap()) {
      return gap.getInstant();
    }
    return ZonedDateTime.of(end, zone).toInstant();
  }

  /**
   * Whether free text may go on a channel at a time: always on a channel without a service window,
   * else only within the window after the customer's last inbound message on it.
   *
   * @param channel the channel
   * @param lastInbound the customer's last inbound message on it, if any
   * @param at when the message goes
   * @return whether the window is open (or there is none)
   */
  public static boolean windowOpen(Channel channel, Optional<Instant> lastInbound, Instant at) {
    Optional<Duration> window = channel.serviceWindow();
    if (window.isEmpty()) {
      return true;
    }
    return lastInbound.filter(last -> last.plus(window.get()).isAfter(at)).isPresent();
  }

  /**
   * The period a cap counts in for a message going at a time: the customer's calendar day of that
   * time, or the rolling window on both sides of it (a later message already deferred counts too).
   *
   * @param cap the cap
   * @param at when the message goes
   * @param zone the customer's time zone
   * @return {@code [from, until)}
   */
  public static Instant[] capPeriod(FrequencyCap cap, Instant at, ZoneId zone) {
    if (cap.rollingWindow().isPresent()) {
      Duration w = cap.rollingWindow().get();
      return new Instant[] {at.minus(w).plusNanos(1000), at.plus(w)};
    }
    LocalDate day = at.atZone(zone).toLocalDate();
    return new Instant[] {day.atStartOfDay(zone).toInstant(), day.plusDays(1).atStartOfDay(zone).toInstant()};
  }
}
