package io.github.omnictx.core.identity;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.github.omnictx.core.internal.Checks;
import java.net.IDN;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * How each {@link IdentityKind} is normalised; the rules are tabled on {@link Identity}. Messages
 * about e-mail addresses, phone numbers and cards name the field, the reason and the offending
 * character, never the value (it is personal), except the plain syntax errors Omni has always
 * reported with the value. Stateless and thread-safe.
 */
final class Normalisation {
  /** How strictly a phone number is checked. */
  enum PhoneCheck {
    /** {@link PhoneNumberUtil#isValidNumber}: the number exists in its region's numbering plan. */
    VALID,
    /** {@link PhoneNumberUtil#isPossibleNumber}: only its length fits the region (imports). */
    POSSIBLE,
    /** The stored form: E.164 text is taken as possible, other spellings as {@link #VALID}. */
    STORED
  }

  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");
  private static final Pattern DOMAIN = Pattern.compile("[a-z0-9-]+(\\.[a-z0-9-]+)+");
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");
  private static final String PHONE_CHARS = "0123456789+-.()/ ";
  private static final Pattern PLUS_DIGITS = Pattern.compile("\\+?[0-9]+");
  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

  private Normalisation() {}

  static String normalise(IdentityKind kind, String raw, @Nullable String region, PhoneCheck check, String field) {
    String value = trim(raw);
    if (value.isEmpty()) {
      throw new IllegalArgumentException(field + " must not be blank, was: " + Checks.quote(raw));
    }
    refuseInvisible(value, field);
    switch (kind) {
      case EMAIL:
        return email(value, field);
      case PHONE:
        return phone(value, region, check, field);
      case LOYALTY_CARD:
        return card(value, field);
      case WHATSAPP:
        String digits = Normalizer.normalize(value, Normalizer.Form.NFKC);
        return PLUS_DIGITS.matcher(digits).matches() ? digits.substring(digits.startsWith("+") ? 1 : 0) : value;
      default:
        return value;
    }
  }

  /**
   * Drops whitespace (any Unicode space, the no-break space included) and invisible format
   * characters (zero-width space, byte order mark, word joiner, soft hyphen…) at both ends.
   */
  static String trim(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && trimmable(s.codePointAt(start))) {
      start += Character.charCount(s.codePointAt(start));
    }
    while (end > start && trimmable(s.codePointBefore(end))) {
      end -= Character.charCount(s.codePointBefore(end));
    }
    return s.substring(start, end);
  }

  private static boolean trimmable(int cp) {
    return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || Character.getType(cp) == Character.FORMAT;
  }

  /** Control and format characters inside a value, and unpaired surrogates: refused for every kind. */
  private static void refuseInvisible(String value, String field) {
    for (int i = 0; i < value.length(); ) {
      int cp = value.codePointAt(i);
      if (Character.isSurrogate(value.charAt(i)) && Character.charCount(cp) == 1) {
        throw new IllegalArgumentException(field + " " + Checks.unstorableReason(value, i));
      }
      if (Character.isISOControl(cp)) {
        throw new IllegalArgumentException(field + " must not contain control characters ("
            + Checks.codePoint(cp) + " at index " + i + ")");
      }
      if (Character.getType(cp) == Character.FORMAT) {
        throw new IllegalArgumentException(field + " must not contain invisible formatting characters ("
            + Checks.codePoint(cp) + " at index " + i + ")");
      }
      i += Character.charCount(cp);
    }
  }

  // ------------------------------------------------------------------ e-mail

  private static String email(String value, String field) {
    String v = value;
    if (v.regionMatches(true, 0, "mailto:", 0, 7)) {
      v = trim(v.substring(7));
    }
    int at = Math.max(v.lastIndexOf('@'), v.lastIndexOf('\uFF20'));
    if (at <= 0 || at == v.length() - 1) {
      throw notAnAddress(field, value);
    }
    String local = v.substring(0, at);
    refuseLookalikes(local, field);
    local = Normalizer.normalize(Normalizer.normalize(local, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT),
        Normalizer.Form.NFKC);
    String domain;
    try {
      domain = IDN.toASCII(Normalizer.normalize(v.substring(at + 1), Normalizer.Form.NFKC), IDN.USE_STD3_ASCII_RULES)
          .toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + " has a domain that is not a host name (" + e.getMessage() + ")", e);
    }
    String address = local + "@" + domain;
    if (!EMAIL.matcher(address).matches() || !DOMAIN.matcher(domain).matches()) {
      throw notAnAddress(field, value);
    }
    return address;
  }

  private static IllegalArgumentException notAnAddress(String field, String value) {
    return new IllegalArgumentException(field + " must be an e-mail address, was: " + Checks.quote(value));
  }

  /**
   * Refuses characters that would become ASCII letters or digits under compatibility mapping or
   * lower-casing (the Kelvin sign, ligatures, mathematical and circled letters, the dotted capital
   * I): a mail server treats them as another mailbox, so mapping them would join two people. Full-width
   * forms (U+FF01-U+FF5E) are what East Asian keyboards type for ASCII, and are mapped.
   */
  private static void refuseLookalikes(String local, String field) {
    for (int i = 0; i < local.length(); ) {
      int cp = local.codePointAt(i);
      if (cp > 0x7F && !(cp >= 0xFF01 && cp <= 0xFF5E) && !Character.isSpaceChar(cp)) {
        String mapped = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKC)
            .toLowerCase(Locale.ROOT);
        if (mapped.chars().anyMatch(c -> c < 0x80)) {
          throw new IllegalArgumentException(field + " must be written with plain letters: "
              + Checks.codePoint(cp) + " " + Character.getName(cp) + " at index " + i
              + " only looks like " + ascii(mapped));
        }
      }
      i += Character.charCount(cp);
    }
  }

  private static String ascii(String mapped) {
    StringBuilder sb = new StringBuilder();
    mapped.chars().filter(c -> c < 0x80).forEach(c -> sb.append((char) c));
    return "'" + sb + "'";
  }

  // ------------------------------------------------------------------ phone

  private static String phone(String value, @Nullable String region, PhoneCheck check, String field) {
    String v = Normalizer.normalize(value, Normalizer.Form.NFKC);
    if (v.regionMatches(true, 0, "tel:", 0, 4)) {
      v = v.substring(4).strip();
    }
    if (check == PhoneCheck.STORED && E164.matcher(v).matches()) {
      check = PhoneCheck.POSSIBLE; // already E.164: the form stores hold, perhaps from a lenient import
    } else if (check == PhoneCheck.STORED) {
      check = PhoneCheck.VALID;
    }
    if (region == null && !v.startsWith("+")) {
      throw new IllegalArgumentException(
          field + " must be E.164 (start with +) or be given with a default region, was: " + Checks.quote(value));
    }
    PhoneNumber parsed;
    try {
      parsed = PHONES.parse(v, region == null ? "ZZ" : region);
    } catch (NumberParseException e) {
      throw new IllegalArgumentException(field + " must be E.164, was: " + Checks.quote(value), e);
    }
    if (parsed.hasExtension()) {
      throw new IllegalArgumentException(field + " must not carry an extension: E.164 has none, and an extension"
          + " reaches a desk behind a switchboard, not one person's own number (keep it as an attribute)");
    }
    int i = firstOutside(v);
    if (i >= 0) {
      throw new IllegalArgumentException(field + " may hold only digits, spaces and + - . ( ) /, found "
          + (Character.isLetter(v.codePointAt(i)) ? "a letter" : Checks.codePoint(v.codePointAt(i))) + " at index " + i
          + " (a letter would be dropped or read as a keypad digit, giving another subscriber's number)");
    }
    if (check == PhoneCheck.VALID && !PHONES.isValidNumber(parsed)) {
      throw new IllegalArgumentException(field + " is not a valid number in its country's numbering plan"
          + " (use Identity.phoneLenient to import numbers that are merely possible)");
    }
    if (!PHONES.isPossibleNumber(parsed)) {
      throw new IllegalArgumentException(field + " is not a possible phone number: wrong length for its country");
    }
    return PHONES.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164);
  }

  /** The index of the first character that is not a digit, a space or {@code + - . ( ) /}, or -1. */
  private static int firstOutside(String v) {
    for (int i = 0; i < v.length(); ) {
      int cp = v.codePointAt(i);
      if (cp >= 0x80 || PHONE_CHARS.indexOf(cp) < 0) {
        return i;
      }
      i += Character.charCount(cp);
    }
    return -1;
  }

  // ------------------------------------------------------------------ loyalty card

  private static String card(String value, String field) {
    String v = Normalizer.normalize(value, Normalizer.Form.NFKC);
    StringBuilder sb = new StringBuilder(v.length());
    for (int i = 0; i < v.length(); ) {
      int cp = v.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == '.'
          || Character.getType(cp) == Character.DASH_PUNCTUATION) {
        continue; // printed separators
      }
      if (!Character.isLetterOrDigit(cp)) {
        throw new IllegalArgumentException(field + " may hold only letters and digits, with spaces, dashes or dots"
            + " between them; found " + Checks.codePoint(cp));
      }
      sb.appendCodePoint(cp);
    }
    if (sb.length() == 0) {
      throw new IllegalArgumentException(field + " must not be blank, was: " + Checks.quote(value));
    }
    return Normalizer.normalize(sb.toString().toUpperCase(Locale.ROOT), Normalizer.Form.NFKC);
  }
}
