package io.github.omnictx.core.identity;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.github.omnictx.core.internal.Checks;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One way of recognising a person: a kind and a normalised value. Two spellings of one e-mail
 * address or phone number are one identity, because normalisation happens here, in the value type.
 *
 * <p>Every value is first trimmed of whitespace (any Unicode space, the no-break space included) and
 * of invisible format characters (zero-width space, byte order mark, word joiner, soft hyphen) at
 * both ends; inside a value, control characters, format characters and unpaired UTF-16 surrogates
 * are refused. Then, by kind:
 *
 * <table>
 *   <caption>Normalised or refused, by kind</caption>
 *   <tr><th>kind</th><th>normalised</th><th>refused</th></tr>
 *   <tr><td>{@link IdentityKind#EMAIL}</td>
 *       <td>a leading {@code mailto:} dropped; the local part NFKC-normalised (NFC and NFD are one;
 *       full-width letters, digits and {@code ＠} become ASCII) and lower-cased; the domain
 *       converted to ASCII by {@link java.net.IDN} ({@code münchen.de} and {@code
 *       xn--mnchen-3ya.de} are one) and lower-cased</td>
 *       <td>a local-part character that only looks like an ASCII letter or digit (the Kelvin sign
 *       U+212A, ligatures, mathematical or circled letters, the dotted capital I): a mail server
 *       delivers it to another mailbox, so mapping it would join two people; a domain that is not a
 *       host name; anything but one {@code @} with a dotted domain</td></tr>
 *   <tr><td>{@link IdentityKind#PHONE}</td>
 *       <td>NFKC (full-width digits, no-break spaces), a leading {@code tel:} dropped, then E.164
 *       by Google's libphonenumber ({@code 0151 1234 5678} in {@code DE} is {@code
 *       +4915112345678})</td>
 *       <td>letters ({@code 0151 12O45678} would silently lose the letter O and become another
 *       subscriber's number); an extension (E.164 has none, and an extension reaches a desk behind a
 *       switchboard, not one person's number: keep it as an attribute); a number libphonenumber
 *       does not call valid ({@code +49 151}, {@code +49 000 0000000}), except through {@link
 *       #phoneLenient(String, String)}, which takes possible numbers, for imports</td></tr>
 *   <tr><td>{@link IdentityKind#LOYALTY_CARD}</td>
 *       <td>NFKC, spaces (no-break too), dashes and dots dropped, upper-cased: {@code 4000 1234-5678},
 *       {@code 4000.1234.5678} and {@code ab 12} / {@code AB12} are one card each</td>
 *       <td>anything but letters and digits between the separators</td></tr>
 *   <tr><td>{@link IdentityKind#WHATSAPP}</td>
 *       <td>a phone-number id loses a leading {@code +} ({@code +4915112345678} is the {@code wa_id}
 *       {@code 4915112345678}); other ids are kept as sent</td><td>-</td></tr>
 *   <tr><td>other channel handles, {@link IdentityKind#DEVICE}, {@link IdentityKind#EXTERNAL}</td>
 *       <td>kept exactly as sent: providers' ids are case-sensitive and opaque</td><td>-</td></tr>
 * </table>
 *
 * <p>Normalising a normalised value changes nothing, so {@code Identity.of(kind, id.value())}
 * equals {@code id}. The canonical constructor (and {@link #of}) is what stores read values back
 * with: for {@link IdentityKind#PHONE} it takes text already in E.164 as the possible number it
 * stores (a lenient import reads back), and parses any other spelling as strictly as {@link
 * #phone(String)}. Messages name the field, the reason and the offending character; the newer
 * refusals never repeat an e-mail address or phone number. Immutable and thread-safe.
 *
 * @param kind what the value is
 * @param value the normalised value, at most 256 characters
 */
public record Identity(IdentityKind kind, String value) {
  /** The longest value accepted, in characters. */
  public static final int MAX_LENGTH = 256;

  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

  /**
   * Normalises and validates the value for its kind, as tabled on this class.
   *
   * @throws IllegalArgumentException naming the kind and the reason, when the value is malformed
   */
  public Identity {
    Checks.notNull(kind, "identity kind");
    String field = kind.name().toLowerCase(Locale.ROOT);
    Checks.notBlank(value, field);
    value = Normalisation.normalise(kind, value, null, Normalisation.PhoneCheck.STORED, field);
    Checks.maxLength(value, MAX_LENGTH, field);
  }

  /**
   * An e-mail identity, normalised as tabled on this class.
   *
   * @param address the address, any case, surrounding spaces allowed
   * @return the identity
   * @throws IllegalArgumentException if it is not an e-mail address or holds a lookalike character
   */
  public static Identity email(String address) {
    return new Identity(IdentityKind.EMAIL, address);
  }

  /**
   * A phone identity from an international number ({@code +...}) that libphonenumber calls valid.
   *
   * @param number the number, with a leading {@code +} and any spacing or punctuation
   * @return the identity in E.164
   * @throws IllegalArgumentException if the number cannot be parsed, holds letters or an extension,
   *     or is not a valid number
   */
  public static Identity phone(String number) {
    return phone(number, null, Normalisation.PhoneCheck.VALID);
  }

  /**
   * A phone identity from a number as people write it, national numbers read in a default region;
   * only numbers libphonenumber calls valid are accepted.
   *
   * @param number the number, e.g. {@code "0151 1234 5678"}
   * @param defaultRegion the ISO 3166 region for national numbers, e.g. {@code "DE"}
   * @return the identity in E.164
   * @throws IllegalArgumentException if the number cannot be parsed in that region, holds letters or
   *     an extension, or is not a valid number
   */
  public static Identity phone(String number, String defaultRegion) {
    return phone(number, region(defaultRegion), Normalisation.PhoneCheck.VALID);
  }

  /**
   * A phone identity for imports of old or foreign data: like {@link #phone(String, String)}, but
   * any number whose length fits its country ({@link PhoneNumberUtil#isPossibleNumber}) is taken,
   * valid in today's numbering plan or not. Letters and extensions are refused all the same.
   *
   * @param number the number, international or national
   * @param defaultRegion the ISO 3166 region for national numbers
   * @return the identity in E.164
   * @throws IllegalArgumentException if the number cannot be parsed, holds letters or an extension,
   *     or is not even possible
   */
  public static Identity phoneLenient(String number, String defaultRegion) {
    return phone(number, region(defaultRegion), Normalisation.PhoneCheck.POSSIBLE);
  }

  /**
   * A phone identity from an international number, for imports: as {@link #phoneLenient(String,
   * String)} without a default region.
   *
   * @param number the number, with a leading {@code +}
   * @return the identity in E.164
   * @throws IllegalArgumentException if the number cannot be parsed, holds letters or an extension,
   *     or is not even possible
   */
  public static Identity phoneLenient(String number) {
    return phone(number, null, Normalisation.PhoneCheck.POSSIBLE);
  }

  private static Identity phone(String number, @Nullable String region, Normalisation.PhoneCheck check) {
    Checks.notBlank(number, "phone");
    String e164 = Normalisation.normalise(IdentityKind.PHONE, number, region, check, "phone");
    return new Identity(IdentityKind.PHONE, e164);
  }

  private static String region(String defaultRegion) {
    Checks.notBlank(defaultRegion, "defaultRegion");
    String region = defaultRegion.strip().toUpperCase(Locale.ROOT);
    if (!PHONES.getSupportedRegions().contains(region)) {
      throw new IllegalArgumentException(
          "defaultRegion must be an ISO 3166 region code, was: " + Checks.quote(defaultRegion));
    }
    return region;
  }

  /**
   * A loyalty card identity.
   *
   * @param number the card number as printed; spaces, dashes and dots are dropped, letters upper-cased
   * @return the identity
   * @throws IllegalArgumentException if it holds anything but letters and digits between separators
   */
  public static Identity loyaltyCard(String number) {
    return new Identity(IdentityKind.LOYALTY_CARD, number);
  }

  /**
   * An identity of any kind.
   *
   * @param kind the kind
   * @param value the value, normalised for the kind
   * @return the identity
   * @throws IllegalArgumentException if the value is malformed for its kind
   */
  public static Identity of(IdentityKind kind, String value) {
    return new Identity(kind, value);
  }

  /**
   * The value as it may be shown to an agent or written to a log: the middle hidden. An e-mail keeps
   * its first character and its domain ({@code a•••@example.com}); a phone number its country code,
   * the first three digits after it and the last two ({@code +49 151 ••• 78}); anything else its first
   * and last two characters when it has at least eight ({@code 40•••78}), else nothing ({@code •••}).
   *
   * @return the masked value
   */
  public String masked() {
    String hidden = "\u2022\u2022\u2022";
    if (kind == IdentityKind.EMAIL) {
      int at = value.lastIndexOf('@');
      return value.substring(0, value.offsetByCodePoints(0, 1)) + hidden + value.substring(at);
    }
    if (kind == IdentityKind.PHONE) {
      int cc = countryCodeLength();
      String national = value.substring(1 + cc);
      String head = national.substring(0, Math.max(0, Math.min(3, national.length() - 4)));
      return "+" + value.substring(1, 1 + cc) + (head.isEmpty() ? "" : " " + head) + " " + hidden + " "
          + national.substring(national.length() - 2);
    }
    int[] cps = value.codePoints().toArray(); // never split a surrogate pair
    if (cps.length < 8) {
      return hidden;
    }
    return new String(cps, 0, 2) + hidden + new String(cps, cps.length - 2, 2);
  }

  /** The digits of the E.164 country calling code of a phone value. */
  private int countryCodeLength() {
    try {
      return Integer.toString(PHONES.parse(value, "ZZ").getCountryCode()).length();
    } catch (com.google.i18n.phonenumbers.NumberParseException e) {
      return 1;
    }
  }

  /**
   * The kind and the {@link #masked() masked} value: safe for log lines and exception messages.
   * {@link #value()} is the value itself.
   *
   * @return e.g. {@code PHONE:+49 151 ••• 78}
   */
  @Override
  public String toString() {
    return kind + ":" + masked();
  }
}
