package io.github.omnictx.core.identity;

/**
 * What an {@link Identity} value is, which decides how it is normalised (the full table is on
 * {@link Identity}).
 *
 * <ul>
 *   <li>{@link #EMAIL}: NFKC and lower-cased, the domain in ASCII (IDN), checked for one {@code @}
 *       and a dotted host name; lookalike characters such as the Kelvin sign are refused;
 *   <li>{@link #PHONE}: E.164 ({@code +4915112345678}), parsed by Google's libphonenumber; valid
 *       numbers only, no letters, no extension;
 *   <li>channel handles ({@link #TELEGRAM}, {@link #WHATSAPP}, {@link #VIBER}, {@link #MESSENGER},
 *       {@link #INSTAGRAM}, {@link #VK}): the provider's user id, kept exactly as sent (trimmed); a WhatsApp
 *       phone-number id loses a leading {@code +};
 *   <li>{@link #LOYALTY_CARD}: spaces, dashes and dots dropped, upper-cased, as printed on the card;
 *   <li>{@link #DEVICE}, {@link #EXTERNAL}: opaque ids, trimmed.
 * </ul>
 */
public enum IdentityKind {
  /** An e-mail address. */
  EMAIL,
  /** A phone number in E.164. */
  PHONE,
  /** A loyalty card number. */
  LOYALTY_CARD,
  /** A Telegram user id ({@code message.from.id}). */
  TELEGRAM,
  /** A WhatsApp id ({@code wa_id}). */
  WHATSAPP,
  /** A Viber user id ({@code sender.id}). */
  VIBER,
  /** A Messenger page-scoped id (PSID). */
  MESSENGER,
  /** An Instagram-scoped id (IGSID). */
  INSTAGRAM,
  /** A VK user id ({@code from_id} of a community message), a positive integer. */
  VK,
  /** A device, browser or app-install id (cookie, push token owner). */
  DEVICE,
  /** The retailer's own id for the person, e.g. the CRM or shop account id. */
  EXTERNAL
}
