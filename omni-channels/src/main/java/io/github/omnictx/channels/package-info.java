/**
 * Channel adapters for the providers retailers use, one package each, and {@link
 * io.github.omnictx.channels.ResilientAdapter}, which wraps any adapter's sends in resilience4j
 * retry, circuit breaker and rate limiter.
 *
 * <h2>Provider times</h2>
 *
 * <p>Each adapter reads a provider's time in the unit the provider documents for that field, and
 * every adapter holds it to one rule: plausible from 2000-01-01 to a day after the adapter's clock.
 * A value implausible in the documented unit but plausible in the other (seconds where milliseconds
 * are documented, or the reverse) is read in the other unit, since the two ranges are a
 * thousandfold apart; anything else is refused as invalid input naming the field.
 *
 * <table>
 *   <caption>The unit per field</caption>
 *   <tr><th>adapter</th><th>fields</th><th>documented unit</th></tr>
 *   <tr><td>WhatsApp Cloud API</td><td>{@code messages[].timestamp}, {@code statuses[].timestamp},
 *       {@code user_preferences[].timestamp}</td><td>Unix seconds (sent as a string)</td></tr>
 *   <tr><td>Telegram</td><td>{@code message.date}, {@code edited_message.edit_date}</td>
 *       <td>Unix seconds</td></tr>
 *   <tr><td>Messenger, Instagram</td><td>{@code entry[].time}, {@code messaging[].timestamp},
 *       {@code delivery.watermark}</td><td>Unix milliseconds (some Instagram payloads send seconds
 *       as a string: corrected)</td></tr>
 *   <tr><td>Viber</td><td>{@code timestamp}</td><td>Unix milliseconds</td></tr>
 *   <tr><td>Mailgun</td><td>{@code timestamp} (signed), {@code event-data.timestamp}</td>
 *       <td>Unix seconds, the event's with a fraction</td></tr>
 *   <tr><td>Twilio, Telegram button presses</td><td>none sent</td><td>the adapter's clock</td></tr>
 *   <tr><td>web chat, call centre, POS</td><td>{@code sentAt}, {@code occurredAt}</td>
 *       <td>ISO-8601 with offset</td></tr>
 * </table>
 */
@NullMarked
package io.github.omnictx.channels;

import org.jspecify.annotations.NullMarked;
