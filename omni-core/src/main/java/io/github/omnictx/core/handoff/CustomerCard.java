package io.github.omnictx.core.handoff;

import io.github.omnictx.core.consent.Consent;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.internal.Checks;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The customer as an agent sees them on a handoff: name, identities masked for display, consents,
 * and the segment and value attributes ({@link #CARD_ATTRIBUTES}); nothing else of the profile.
 *
 * @param customerId the (live) customer
 * @param name the {@code name} attribute, if set
 * @param identities the identities, masked ({@code a***@example.com})
 * @param consents the consent answers
 * @param attributes the attributes among {@link #CARD_ATTRIBUTES} the customer has
 * @param loyaltyBalance the loyalty points balance, when a loyalty system is registered
 */
public record CustomerCard(CustomerId customerId, Optional<String> name, List<String> identities,
    List<Consent> consents, Map<String, String> attributes, Optional<Long> loyaltyBalance) {

  /** The attribute keys a card shows besides the name: segment and value, never contact data. */
  public static final List<String> CARD_ATTRIBUTES =
      List.of("segment", "tier", "loyaltyTier", "value", "lifetimeValue", "ltv", "clv", "vip", "language");

  /**
   * Validates and copies the fields.
   *
   * @throws IllegalArgumentException if a field is null
   */
  public CustomerCard {
    Checks.notNull(customerId, "customerId");
    Checks.notNull(name, "name");
    identities = List.copyOf(Checks.notNull(identities, "identities"));
    consents = List.copyOf(Checks.notNull(consents, "consents"));
    attributes = Collections.unmodifiableMap(new TreeMap<>(Checks.notNull(attributes, "attributes")));
    Checks.notNull(loyaltyBalance, "loyaltyBalance");
  }

  /**
   * A card without a loyalty balance (no loyalty system is registered).
   *
   * @param customerId the live customer
   * @param name the name attribute, if any
   * @param identities the identities, masked
   * @param consents the consent answers
   * @param attributes the card attributes
   * @throws IllegalArgumentException if a field is null
   */
  public CustomerCard(CustomerId customerId, Optional<String> name, List<String> identities, List<Consent> consents,
      Map<String, String> attributes) {
    this(customerId, name, identities, consents, attributes, Optional.empty());
  }
}
