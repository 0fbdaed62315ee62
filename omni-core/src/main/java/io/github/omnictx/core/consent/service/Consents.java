package io.github.omnictx.core.consent.service;

import io.github.omnictx.core.ConcurrentUpdateException;
import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.NotFoundException;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.consent.Consent;
import io.github.omnictx.core.consent.ConsentStatus;
import io.github.omnictx.core.consent.ContactPreferences;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.customer.CustomerId;
import java.time.Instant;
import java.util.Optional;

/**
 * One tenant's consent answers and contact preferences, stored on the customer ({@link
 * Customer#consents()}, {@link Customer#preferences()}) and checked by outbound sending. Obtained
 * from {@code omni.tenant(id).consents()}. Every method takes a customer id, live or merged (a
 * merged id stands for its survivor). Thread-safe.
 *
 * <p>A write that loses a race to a concurrent one (a {@code ConcurrentUpdateException} from the
 * store) is rolled back and run again from the start, as the {@code RetryPolicy} set on {@code
 * Omni.builder().retryPolicy(...)} allows; only when every attempt lost does the exception reach
 * the caller, with nothing changed.
 */
public interface Consents {

  /**
   * Records an answer for its channel and purpose. The latest answer by {@link Consent#at()} wins:
   * an answer older than the stored one (a late delivery) changes nothing; an equal answer (same
   * status, source and time) changes nothing.
   *
   * @param customer the customer
   * @param consent the answer; its channel must be registered
   * @return the live customer after the change
   * @throws NotFoundException if the customer does not exist
   * @throws InvalidInputException if the consent is null or its channel is not registered
   * @throws ConcurrentUpdateException if every attempt the retry policy allows lost a race to a
   *     concurrent change; nothing changed
   */
  Customer record(CustomerId customer, Consent consent);

  /**
   * Records an answer given now, by the clock.
   *
   * @param customer the customer
   * @param channel the channel, registered
   * @param purpose the purpose
   * @param status the answer
   * @param source where it was given, 1-128 characters
   * @return the live customer after the change
   * @throws NotFoundException if the customer does not exist
   * @throws InvalidInputException if an argument is malformed or the channel is not registered
   * @throws ConcurrentUpdateException if every attempt the retry policy allows lost a race to a
   *     concurrent change; nothing changed
   */
  Customer record(CustomerId customer, ChannelId channel, Purpose purpose, ConsentStatus status, String source);

  /**
   * The answer for one channel and purpose.
   *
   * @param customer the customer
   * @param channel the channel
   * @param purpose the purpose
   * @return the answer, empty if the customer was never asked
   * @throws NotFoundException if the customer does not exist
   */
  Optional<Consent> find(CustomerId customer, ChannelId channel, Purpose purpose);

  /**
   * Whether the customer may be contacted on a channel for a purpose, by consent alone (quiet hours
   * are checked by {@link #isQuiet}). An answer decides ({@code GRANTED} allows); without one,
   * {@link Purpose#SERVICE} and {@link Purpose#TRANSACTIONAL} are allowed and {@link
   * Purpose#MARKETING} is not (marketing needs an explicit grant).
   *
   * @param customer the customer
   * @param channel the channel
   * @param purpose the purpose
   * @return {@code true} if allowed
   * @throws NotFoundException if the customer does not exist
   */
  boolean allows(CustomerId customer, ChannelId channel, Purpose purpose);

  /**
   * Replaces the customer's contact preferences.
   *
   * @param customer the customer
   * @param preferences preferred channels (each registered), quiet hours, time zone
   * @return the live customer after the change
   * @throws NotFoundException if the customer does not exist
   * @throws InvalidInputException if a preferred channel is not registered
   * @throws ConcurrentUpdateException if every attempt the retry policy allows lost a race to a
   *     concurrent change; nothing changed
   */
  Customer setPreferences(CustomerId customer, ContactPreferences preferences);

  /**
   * Whether an instant falls in the customer's quiet hours, in the customer's time zone.
   *
   * @param customer the customer
   * @param at the instant
   * @return {@code true} if the customer is not to be contacted then
   * @throws NotFoundException if the customer does not exist
   */
  boolean isQuiet(CustomerId customer, Instant at);
}
