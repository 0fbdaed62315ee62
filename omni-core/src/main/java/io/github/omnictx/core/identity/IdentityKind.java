package io.github.omnictx.core.identity;

/**
 * What an {@link Identity} value is, which decides how it is normalised.
 *
 * <ul>
 *   <li>{@link #EMAIL}: trimmed and lower-cased, checked for one {@code @} and a dotted domain;
 *   <li>{@link #PHONE}: E.164 ({@code +4915112345678}), parsed by Google's libphonenumber;
 *   <li>channel handles ({@link #TELEGRAM}, {@link #WHATSAPP}, {@link #VIBER}, {@link #MESSENGER},
 *       {@link #INSTAGRAM}): the provider's user id, kept exactly as sent (trimmed);
 *   <li>{@link #LOYALTY_CARD}, {@link #DEVICE}, {@link #EXTERNAL}: opaque ids, trimmed; loyalty
 *       card numbers also lose inner spaces and dashes, as printed on the card.
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
  /** A device, browser or app-install id (cookie, push token owner). */
  DEVICE,
  /** The retailer's own id for the person, e.g. the CRM or shop account id. */
  EXTERNAL
}
