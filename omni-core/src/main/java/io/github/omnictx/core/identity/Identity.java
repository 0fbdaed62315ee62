package io.github.omnictx.core.identity;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.github.omnictx.core.internal.Checks;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One way of recognising a person: a kind and a normalised value. Two spellings of one e-mail
 * address or phone number are one identity, because normalisation happens here, in the value type.
 *
 * <p>The canonical constructor normalises by kind (see {@link IdentityKind}); phone numbers must be
 * in international form there ({@code +49 151 1234 5678}). Use {@link #phone(String, String)} for
 * national spellings with a default region. Immutable and thread-safe.
 *
 * @param kind what the value is
 * @param value the normalised value, at most 256 characters
 */
public record Identity(IdentityKind kind, String value) {
  /** The longest value accepted, in characters. */
  public static final int MAX_LENGTH = 256;

  private static final Pattern EMAIL =
      Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");
  private static final Pattern CARD_SEPARATORS = Pattern.compile("[\\s-]");
  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

  /**
   * Normalises and validates the value for its kind.
   *
   * @throws IllegalArgumentException naming the kind and value, when the value is malformed
   */
  public Identity {
    Checks.notNull(kind, "identity kind");
    String field = kind.name().toLowerCase(Locale.ROOT);
    Checks.notBlank(value, field);
    value = normalise(kind, value.strip(), null, field);
    Checks.maxLength(value, MAX_LENGTH, field);
  }

  /**
   * An e-mail identity, lower-cased.
   *
   * @param address the address, any case, surrounding spaces allowed
   * @return the identity
   * @throws IllegalArgumentException if it is not an e-mail address
   */
  public static Identity email(String address) {
    return new Identity(IdentityKind.EMAIL, address);
  }

  /**
   * A phone identity from an international number ({@code +...}).
   *
   * @param number the number, with a leading {@code +} and any spacing or punctuation
   * @return the identity in E.164
   * @throws IllegalArgumentException if the number cannot be parsed or is not a valid number
   */
  public static Identity phone(String number) {
    return new Identity(IdentityKind.PHONE, number);
  }

  /**
   * A phone identity from a number as people write it, national numbers read in a default region.
   *
   * @param number the number, e.g. {@code "0151 1234 5678"}
   * @param defaultRegion the ISO 3166 region for national numbers, e.g. {@code "DE"}
   * @return the identity in E.164
   * @throws IllegalArgumentException if the number cannot be parsed in that region
   */
  public static Identity phone(String number, String defaultRegion) {
    Checks.notBlank(number, "phone");
    Checks.notBlank(defaultRegion, "defaultRegion");
    if (!PHONES.getSupportedRegions().contains(defaultRegion.toUpperCase(Locale.ROOT))) {
      throw new IllegalArgumentException(
          "defaultRegion must be an ISO 3166 region code, was: " + Checks.quote(defaultRegion));
    }
    String e164 = normalise(IdentityKind.PHONE, number.strip(), defaultRegion.toUpperCase(Locale.ROOT), "phone");
    return new Identity(IdentityKind.PHONE, e164);
  }

  /**
   * A loyalty card identity.
   *
   * @param number the card number as printed; spaces and dashes are dropped
   * @return the identity
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
   */
  public static Identity of(IdentityKind kind, String value) {
    return new Identity(kind, value);
  }

  /**
   * The value as it may be shown to an agent: the middle hidden ({@code a***@example.com},
   * {@code +49151*****678}).
   *
   * @return the masked value
   */
  public String masked() {
    if (kind == IdentityKind.EMAIL) {
      int at = value.indexOf('@');
      return value.charAt(0) + "***" + value.substring(at);
    }
    int keep = Math.min(3, value.length() / 3);
    int head = kind == IdentityKind.PHONE ? Math.min(value.length() - keep, 6) : keep;
    StringBuilder sb = new StringBuilder(value.substring(0, head));
    sb.append("*".repeat(Math.max(0, value.length() - head - keep)));
    sb.append(value.substring(value.length() - keep));
    return sb.toString();
  }

  @Override
  public String toString() {
    return kind + ":" + value;
  }

  private static String normalise(IdentityKind kind, String value, String region, String field) {
    switch (kind) {
      case EMAIL:
        String lower = value.toLowerCase(Locale.ROOT);
        if (!EMAIL.matcher(lower).matches()) {
          throw new IllegalArgumentException(field + " must be an e-mail address, was: " + Checks.quote(value));
        }
        return lower;
      case PHONE:
        return e164(value, region, field);
      case LOYALTY_CARD:
        String card = CARD_SEPARATORS.matcher(value).replaceAll("");
        if (card.isEmpty()) {
          throw new IllegalArgumentException(field + " must not be blank, was: " + Checks.quote(value));
        }
        return card;
      default:
        if (value.chars().anyMatch(Character::isISOControl)) {
          throw new IllegalArgumentException(field + " must not contain control characters, was: " + Checks.quote(value));
        }
        return value;
    }
  }

  private static String e164(String value, String region, String field) {
    if (region == null && !value.startsWith("+")) {
      throw new IllegalArgumentException(
          field + " must be E.164 (start with +) or be given with a default region, was: " + Checks.quote(value));
    }
    try {
      PhoneNumber parsed = PHONES.parse(value, region == null ? "ZZ" : region);
      if (!PHONES.isPossibleNumber(parsed)) {
        throw new IllegalArgumentException(field + " is not a possible phone number, was: " + Checks.quote(value));
      }
      return PHONES.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164);
    } catch (NumberParseException e) {
      throw new IllegalArgumentException(field + " must be E.164, was: " + Checks.quote(value), e);
    }
  }
}
