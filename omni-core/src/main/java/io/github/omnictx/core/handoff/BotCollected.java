package io.github.omnictx.core.handoff;

import io.github.omnictx.core.internal.Checks;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a bot collected before handing off: the intent it recognised, the order number it asked for,
 * and free-form slots.
 *
 * @param intent the intent, e.g. {@code "where_is_my_order"}
 * @param orderNumber the order number the customer gave
 * @param slots other collected values by name, sorted
 */
public record BotCollected(Optional<String> intent, Optional<String> orderNumber, Map<String, String> slots) {

  /** Nothing collected. */
  public static final BotCollected NOTHING = new BotCollected(Optional.empty(), Optional.empty(), Map.of());

  /**
   * Validates and copies the fields.
   *
   * @throws IllegalArgumentException if a field or slot is null or blank, or text is over 256 chars
   */
  public BotCollected {
    Checks.notNull(intent, "intent").ifPresent(v -> Checks.maxLength(Checks.notBlank(v, "intent"), 256, "intent"));
    Checks.notNull(orderNumber, "orderNumber")
        .ifPresent(v -> Checks.maxLength(Checks.notBlank(v, "orderNumber"), 256, "orderNumber"));
    TreeMap<String, String> copy = new TreeMap<>();
    Checks.notNull(slots, "slots").forEach((k, v) -> copy.put(
        Checks.maxLength(Checks.notBlank(k, "slot name"), 64, "slot name"),
        Checks.maxLength(Checks.notNull(v, "slot " + k), 1024, "slot " + k)));
    slots = Collections.unmodifiableMap(copy);
  }

  /**
   * @param intent the intent
   * @param orderNumber the order number
   * @return what a bot collected, no slots
   */
  public static BotCollected of(String intent, String orderNumber) {
    return new BotCollected(Optional.of(intent), Optional.of(orderNumber), Map.of());
  }
}
