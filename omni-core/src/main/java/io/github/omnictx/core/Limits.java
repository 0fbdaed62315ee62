package io.github.omnictx.core;

import java.time.Instant;

/**
 * The bounds every value Omni keeps is held to. They are checked where the value is made, in the
 * value types ({@code Identity}, {@code NewTouchpoint}, {@code Touchpoint}, {@code Customer}…), so a
 * value a store could not hold never reaches a store, and every store (in memory, H2, PostgreSQL,
 * MariaDB) gives the same answer: an {@link IllegalArgumentException} from the value type, an
 * {@link InvalidInputException} from a service, a 400 from the webhook pipeline.
 *
 * <table>
 *   <caption>What is refused, and why</caption>
 *   <tr><th>value</th><th>bound</th><th>why</th></tr>
 *   <tr><td>any text Omni stores (ids, identities, attribute values, tags, notes, payload strings
 *       and payload keys)</td><td>no NUL character (U+0000), no unpaired UTF-16 surrogate</td>
 *       <td>PostgreSQL refuses NUL; an unpaired surrogate has no UTF-8 form, so drivers replace it
 *       with {@code ?}, and {@code p}, U+D800, {@code q} would become {@code "p?q"}, another value</td></tr>
 *   <tr><td>any instant</td><td>{@link #EARLIEST} to {@link #LATEST}, at microsecond
 *       precision</td><td>MariaDB's {@code DATETIME(6)} ends at 9999-12-31; all stores keep
 *       microseconds</td></tr>
 *   <tr><td>numbers in payloads</td><td>at most {@value #MAX_DIGITS} significant digits, at most
 *       {@value #MAX_DIGITS} digits before and {@value #MAX_DIGITS} after the decimal point; finite
 *       </td><td>fits every money amount and 64-bit or 128-bit id; an exponent such as {@code 1e999999999}
 *       would otherwise be expanded to a billion digits</td></tr>
 *   <tr><td>nesting of payloads</td><td>at most {@value #MAX_PAYLOAD_DEPTH} levels, the payload
 *       object itself being the first</td><td>MariaDB's JSON functions stop at 32 levels; the rest
 *       leaves room for the envelopes Omni wraps payloads in (a webhook's provider object sits one
 *       level down)</td></tr>
 * </table>
 *
 * <p>Payload numbers keep what is written, exactly, on every store: {@code 19.90} stays {@code
 * 19.90} (never the double {@code 19.9}) and {@code 12345678901234567.89} stays itself (never {@code
 * 1.2345678901234568E16}). Each number takes one form, the one every store reads back: integers as
 * int, long or big-integer nodes by magnitude; a number with digits after the point as a double
 * node when a double holds exactly what is written ({@code 2.5}, {@code 0.1}), else as an exact
 * decimal node keeping its scale; a decimal without digits after the point ({@code 2E+3}) as an
 * integer. Not instantiable.
 */
public final class Limits {
  /** The earliest instant Omni keeps: 0001-01-01T00:00:00Z. */
  public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  /** The latest instant Omni keeps: 9999-12-31T23:59:59.999999Z. */
  public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");
  /** The most digits a payload number has in all, before its decimal point, and after it. */
  public static final int MAX_DIGITS = 38;
  /** The deepest a payload nests, counting the payload object itself as level 1. */
  public static final int MAX_PAYLOAD_DEPTH = 24;

  private Limits() {}
}
