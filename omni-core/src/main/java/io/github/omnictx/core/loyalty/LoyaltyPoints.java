package io.github.omnictx.core.loyalty;

import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.NotFoundException;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.timeline.TouchpointType;
import java.util.Optional;

/**
 * One tenant's loyalty points, through the registered {@link Loyalty}: every award and reversal is
 * also a touchpoint on the customer's timeline ({@link #AWARD}, {@link #REVERSAL}, direction {@code
 * INTERNAL}, payload {@code points}, {@code reason}, {@code key}), recorded in one unit of work with
 * the call. Obtained from {@code omni.tenant(id).loyalty()}. Thread-safe.
 */
public interface LoyaltyPoints {
  /** The touchpoint type of an award. */
  TouchpointType AWARD = TouchpointType.of("loyalty_award");
  /** The touchpoint type of a reversal. */
  TouchpointType REVERSAL = TouchpointType.of("loyalty_reversal");

  /** @return whether a loyalty system is registered (without one, every call throws {@link IllegalStateException}) */
  boolean available();

  /**
   * @param customer the customer, live or merged
   * @return the balance
   * @throws NotFoundException if the customer does not exist
   */
  long balance(CustomerId customer);

  /**
   * Awards points once per key, and records the award touchpoint (once).
   *
   * @param customer the customer
   * @param channel the channel the award is recorded on (where it was earned)
   * @param points how many, positive
   * @param reason why
   * @param key the award's key: the same key never awards twice
   * @return the award
   * @throws InvalidInputException naming the field when a value is malformed
   * @throws NotFoundException if the customer does not exist
   */
  LoyaltyEntry award(CustomerId customer, ChannelId channel, long points, String reason, String key);

  /**
   * Takes an award back, and records the reversal touchpoint.
   *
   * @param customer the customer the award was for
   * @param channel the channel the reversal is recorded on
   * @param key the award's key
   * @return the award as reversed, empty (and nothing recorded) when no award has the key
   * @throws NotFoundException if the customer does not exist
   */
  Optional<LoyaltyEntry> reverse(CustomerId customer, ChannelId channel, String key);
}
