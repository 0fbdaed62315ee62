package io.github.omnictx.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class IdentityTest {

  @Test
  void twoSpellingsOfOnePhoneNumberAreOneIdentity() {
    assertThat(Identity.phone("+49 (151) 1234-5678")).isEqualTo(Identity.phone("+4915112345678"));
    assertThat(Identity.phone("0151 1234 5678", "DE")).isEqualTo(Identity.phone("+4915112345678"));
    assertThat(Identity.phone("(650) 555-1111", "us").value()).isEqualTo("+16505551111");
  }

  @Test
  void emailIsLowerCasedAndTrimmed() {
    assertThat(Identity.email("  Anna.Schmidt@Example.COM ").value()).isEqualTo("anna.schmidt@example.com");
  }

  @Test
  void loyaltyCardLosesPrintedSeparators() {
    assertThat(Identity.loyaltyCard("4000 1234-5678").value()).isEqualTo("400012345678");
  }

  @Test
  void malformedValuesAreRejectedNamingFieldAndValue() {
    assertThatThrownBy(() -> Identity.email("not-an-email"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("email").hasMessageContaining("not-an-email");
    assertThatThrownBy(() -> Identity.phone("8-916-123"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("phone must be E.164 (start with +) or be given with a default region, was: '8-916-123'");
    assertThatThrownBy(() -> Identity.phone("call me", "DE")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'call me'");
    assertThatThrownBy(() -> Identity.phone("030 1234567", "XX")).hasMessageContaining("defaultRegion");
    assertThatThrownBy(() -> Identity.of(IdentityKind.TELEGRAM, " ")).hasMessageContaining("telegram must not be blank");
    assertThatThrownBy(() -> Identity.of(IdentityKind.DEVICE, "a\u0000b")).hasMessageContaining("control characters");
    assertThatThrownBy(() -> Identity.of(IdentityKind.EXTERNAL, "x".repeat(257))).hasMessageContaining("at most 256");
    assertThatThrownBy(() -> new Identity(null, "x")).hasMessageContaining("identity kind");
  }

  @Test
  void maskingHidesTheMiddle() {
    assertThat(Identity.email("anna@example.com").masked()).isEqualTo("a\u2022\u2022\u2022@example.com");
    assertThat(Identity.phone("+4915112345678").masked()).isEqualTo("+49 151 \u2022\u2022\u2022 78");
    assertThat(Identity.loyaltyCard("400012345678").masked()).isEqualTo("40\u2022\u2022\u202278");
  }

  @Property(tries = 200)
  void normalisationIsIdempotent(@ForAll @IntRange(min = 10_000_000, max = 99_999_999) int subscriber) {
    Identity once = Identity.phone("+49 151 " + subscriber);
    assertThat(new Identity(once.kind(), once.value())).isEqualTo(once);
    Identity mail = Identity.email("User" + subscriber + "@Shop.Example");
    assertThat(Identity.email(mail.value())).isEqualTo(mail);
  }

  // ------------------------------------------------------------------ issue 9, item 4: phones

  @Test
  void aStrayLetterIsRefusedInsteadOfBecomingAnotherSubscribersNumber() {
    assertThatThrownBy(() -> Identity.phone("0151 12O45678", "DE")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("phone may hold only digits, spaces and + - . ( ) /, found a letter at index 7")
        .hasMessageNotContaining("12O45678").hasMessageNotContaining("1245678");
    assertThatThrownBy(() -> Identity.phoneLenient("0151 12O45678", "DE")).hasMessageContaining("found a letter");
    assertThatThrownBy(() -> Identity.phone("+1 800 FLOWERS")).hasMessageContaining("found a letter");
    assertThatThrownBy(() -> Identity.phone("+49 151 1234 5678 *")).hasMessageContaining("found U+002A");
  }

  @Test
  void onlyNumbersLibphonenumberCallsValidAreAccepted() {
    assertThatThrownBy(() -> Identity.phone("+49 151"))
        .hasMessage("phone is not a valid number in its country's numbering plan"
            + " (use Identity.phoneLenient to import numbers that are merely possible)");
    assertThatThrownBy(() -> Identity.phone("+49 000 0000000")).hasMessageContaining("not a valid number");
    assertThatThrownBy(() -> Identity.phone("0151 1000000", "DE")).hasMessageContaining("not a valid number");
    assertThatThrownBy(() -> Identity.of(IdentityKind.PHONE, "+49 151")).hasMessageContaining("not a valid number");
    // the README's numbers are valid
    assertThat(Identity.phone("0151 1234 5678", "DE").value()).isEqualTo("+4915112345678");
    assertThat(Identity.phone("+49 151 12345678").value()).isEqualTo("+4915112345678");
  }

  @Test
  void extensionsAreRefusedSoThatTwoDesksNeverBecomeOneIdentity() {
    assertThatThrownBy(() -> Identity.phone("+1 650 555 1111 ext. 12"))
        .hasMessageStartingWith("phone must not carry an extension").hasMessageNotContaining("555");
    assertThatThrownBy(() -> Identity.phone("+1 650 555 1111 ext. 13")).hasMessageContaining("extension");
    assertThatThrownBy(() -> Identity.phone("030 1234567 x 7", "DE")).hasMessageContaining("extension");
    assertThatThrownBy(() -> Identity.phoneLenient("+1 650 555 1111;ext=12")).hasMessageContaining("extension");
  }

  @Test
  void lenientModeTakesPossibleNumbersForImportsAndTheyReadBack() {
    Identity imported = Identity.phoneLenient("0151 1000000", "DE");
    assertThat(imported.value()).isEqualTo("+491511000000");
    assertThat(Identity.phoneLenient("+49 151 1000000")).isEqualTo(imported);
    assertThat(Identity.of(IdentityKind.PHONE, imported.value())).isEqualTo(imported); // what stores do
    assertThatThrownBy(() -> Identity.phoneLenient("+1 650 555")).hasMessageContaining("not a possible phone number");
    assertThat(Identity.phoneLenient("0151 1234 5678", "DE")).isEqualTo(Identity.phone("+4915112345678"));
  }

  @Property(tries = 100)
  void everySpellingOfAValidNumberIsOneIdentity(@ForAll @IntRange(min = 10_000_000, max = 99_999_999) int subscriber,
      @ForAll("phoneSpellings") java.util.function.IntFunction<String> spelling) {
    Identity canonical = Identity.phone("+49151" + subscriber);
    Identity spelled = spelling.apply(subscriber).startsWith("+") || spelling.apply(subscriber).startsWith("tel:")
        ? Identity.phone(spelling.apply(subscriber)) : Identity.phone(spelling.apply(subscriber), "de");
    assertThat(spelled).isEqualTo(canonical);
    assertThat(Identity.of(IdentityKind.PHONE, spelled.value())).isEqualTo(spelled);
  }

  @Provide
  Arbitrary<java.util.function.IntFunction<String>> phoneSpellings() {
    return Arbitraries.of(List.<java.util.function.IntFunction<String>>of(
        n -> "0151 " + n,
        n -> "0151-" + n,
        n -> "(0151) " + n,
        n -> "+49 (151) " + n,
        n -> "+49.151." + n,
        n -> "tel:+49151" + n,
        n -> "\u00a0+49 151 " + n + "\u200b",
        n -> fullWidth("0151" + n),
        n -> "\ufeff0151/" + n + "\u00a0"));
  }

  // ------------------------------------------------------------------ issue 9, item 6: one person, one identity

  @Test
  void invisibleCharactersAtTheEndsAreTrimmedAndInsideAreRefused() {
    Identity anna = Identity.email("anna@example.com");
    assertThat(Identity.email("anna@example.com\u00a0")).isEqualTo(anna);
    assertThat(Identity.email("\u200banna@example.com")).isEqualTo(anna);
    assertThat(Identity.email("\ufeffanna@example.com\u3000")).isEqualTo(anna);
    assertThat(Identity.email("anna@example.com\u2060\u00ad")).isEqualTo(anna);
    assertThatThrownBy(() -> Identity.email("an\u200bna@example.com"))
        .hasMessage("email must not contain invisible formatting characters (U+200B at index 2)");
    assertThatThrownBy(() -> Identity.email("anna\u0000@example.com"))
        .hasMessage("email must not contain control characters (U+0000 at index 4)");
    assertThatThrownBy(() -> Identity.email("an\ud800na@example.com"))
        .hasMessage("email must not contain an unpaired UTF-16 surrogate (U+D800 at index 2)");
    assertThatThrownBy(() -> Identity.of(IdentityKind.EXTERNAL, "crm-\ud800")).hasMessageContaining("unpaired");
    assertThatThrownBy(() -> Identity.of(IdentityKind.TELEGRAM, "\u200b")).hasMessageContaining("must not be blank");
    assertThat(Identity.of(IdentityKind.EXTERNAL, "crm-\ud83d\ude00").value()).isEqualTo("crm-\ud83d\ude00");
  }

  @Test
  void equivalentSpellingsOfAnEmailAddressAreOneIdentity() {
    assertThat(Identity.email("j\u00f6rg@example.de")).isEqualTo(Identity.email("jo\u0308rg@example.de"));
    assertThat(Identity.email("mailto:Anna@Example.com")).isEqualTo(Identity.email("anna@example.com"));
    assertThat(Identity.email("MAILTO: anna@example.com")).isEqualTo(Identity.email("anna@example.com"));
    assertThat(Identity.email("\uff21\uff4e\uff4e\uff41\uff20\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45\uff0e\uff43\uff4f\uff4d"))
        .isEqualTo(Identity.email("anna@example.com"));
    assertThat(Identity.email("anna@m\u00fcnchen.de")).isEqualTo(Identity.email("anna@xn--mnchen-3ya.de"));
    assertThat(Identity.email("anna@M\u00dcNCHEN.DE").value()).isEqualTo("anna@xn--mnchen-3ya.de");
    assertThat(Identity.email("\u00e9lodie@example.fr").value()).isEqualTo("\u00e9lodie@example.fr");
  }

  @Test
  void lookalikesOfAsciiLettersAreRefusedSoThatNobodyBecomesSomeoneElse() {
    assertThatThrownBy(() -> Identity.email("\u212aate@example.com")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("email must be written with plain letters: U+212A KELVIN SIGN at index 0 only looks like 'k'");
    assertThatThrownBy(() -> Identity.email("\ufb01ona@example.com")).hasMessageContaining("U+FB01");
    assertThatThrownBy(() -> Identity.email("\u0130brahim@example.com")).hasMessageContaining("U+0130");
    assertThatThrownBy(() -> Identity.email("\u017fam@example.com")).hasMessageContaining("U+017F");
    assertThatThrownBy(() -> Identity.email("anna\u2460@example.com")).hasMessageContaining("U+2460");
    assertThatThrownBy(() -> Identity.email("kate@exa_mple.com")).hasMessageStartingWith("email has a domain that is not a host name");
  }

  @Test
  void whatsAppIdsAndLoyaltyCardsHaveOneSpellingEach() {
    assertThat(Identity.of(IdentityKind.WHATSAPP, "+4915112345678")).isEqualTo(Identity.of(IdentityKind.WHATSAPP, "4915112345678"));
    assertThat(Identity.of(IdentityKind.WHATSAPP, "US.13491208655302741918").value()).isEqualTo("US.13491208655302741918");
    Identity card = Identity.loyaltyCard("400012345678");
    assertThat(Identity.loyaltyCard("4000.1234.5678")).isEqualTo(card);
    assertThat(Identity.loyaltyCard("4000\u00a01234\u00a05678")).isEqualTo(card);
    assertThat(Identity.loyaltyCard("4000\u20131234\u20145678")).isEqualTo(card);
    assertThat(Identity.loyaltyCard(fullWidth("400012345678"))).isEqualTo(card);
    assertThat(Identity.loyaltyCard("de-4000 ab")).isEqualTo(Identity.loyaltyCard("DE4000AB"));
    assertThatThrownBy(() -> Identity.loyaltyCard("4000/1234")).hasMessageContaining("only letters and digits");
    // channel handles stay exact: Viber ids are case-sensitive
    assertThat(Identity.of(IdentityKind.VIBER, "01234567890A=")).isNotEqualTo(Identity.of(IdentityKind.VIBER, "01234567890a="));
  }

  @Property(tries = 300)
  void equivalentSpellingsOfAnAddressGiveOneIdentity(@ForAll("addresses") String address,
      @ForAll @net.jqwik.api.constraints.Size(max = 4) List<Respelling> respellings,
      @ForAll boolean mailto, @ForAll("ends") String before, @ForAll("ends") String after) {
    Identity plain = Identity.email(address);
    String spelled = address;
    for (Respelling r : respellings) {
      spelled = r.apply(spelled);
    }
    spelled = before + (mailto ? "mailto:" : "") + spelled + after;
    assertThat(Identity.email(spelled)).isEqualTo(plain);
  }

  @Property(tries = 300)
  void theNormalisedValueIsAFixedPointForEveryKind(@ForAll("kinds") IdentityKind kind, @ForAll("messyValues") String raw) {
    Identity once;
    try {
      once = Identity.of(kind, raw);
    } catch (IllegalArgumentException refused) {
      return; // refusals are covered above; the property is about what is accepted
    }
    assertThat(Identity.of(kind, once.value())).isEqualTo(once);
    assertThat(Identity.of(kind, once.value()).value()).isEqualTo(once.value());
  }

  @Provide
  Arbitrary<String> addresses() {
    Arbitrary<String> local = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789._+-").ofMinLength(1).ofMaxLength(12)
        .filter(l -> Character.isLetterOrDigit(l.charAt(0)));
    Arbitrary<String> accented = Arbitraries.of("", "\u00e9", "\u00fc", "\u00f1");
    Arbitrary<String> domain = Arbitraries.of("example.com", "shop.example", "m\u00fcnchen.de", "b\u00fccher.example");
    return Combinators.combine(local, accented, domain).as((l, a, d) -> l + a + "@" + d);
  }

  /** Ways people and systems spell one address. */
  enum Respelling {
    UPPER_CASE, NFD, NFC, FULL_WIDTH, PUNYCODE_DOMAIN;

    String apply(String s) {
      return switch (this) {
        case UPPER_CASE -> s.toUpperCase(java.util.Locale.ROOT);
        case NFD -> java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD);
        case NFC -> java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFC);
        case FULL_WIDTH -> fullWidth(s);
        case PUNYCODE_DOMAIN -> {
          int at = Math.max(s.lastIndexOf('@'), s.lastIndexOf('\uff20'));
          yield s.substring(0, at + 1) + java.net.IDN.toASCII(s.substring(at + 1));
        }
      };
    }
  }

  @Provide
  Arbitrary<String> ends() {
    return Arbitraries.of("\u00a0", "\u200b", "\ufeff", " ", "\u3000", "\t", "\u2060", "\u00a0\u200b")
        .list().ofMaxSize(3).map(l -> String.join("", l));
  }

  @Provide
  Arbitrary<IdentityKind> kinds() {
    return Arbitraries.of(IdentityKind.class);
  }

  @Provide
  Arbitrary<String> messyValues() {
    Arbitrary<String> any = Arbitraries.strings().all().ofMinLength(1).ofMaxLength(30);
    Arbitrary<String> nearEmail = Combinators.combine(Arbitraries.strings().withChars("aA\u00e9\uff41\u00a0 .\u212a\u0301").ofMinLength(1)
        .ofMaxLength(8), Arbitraries.of("@example.com", "@M\u00dcNCHEN.de", "\uff20example\uff0ecom")).as((a, b) -> a + b);
    Arbitrary<String> nearCard = Arbitraries.strings().withChars("0123456789abAB\u00a0.-\u2013 \uff10\uff41").ofMinLength(1).ofMaxLength(16);
    Arbitrary<String> nearPhone = Arbitraries.strings().withChars("0123456789+ ()-.\uff10").ofMinLength(4).ofMaxLength(18);
    return Arbitraries.oneOf(any, nearEmail, nearCard, nearPhone);
  }

  /** The full-width form of every ASCII letter, digit and symbol in the text (what East Asian IMEs type). */
  static String fullWidth(String s) {
    StringBuilder sb = new StringBuilder();
    s.chars().forEach(c -> sb.append(c > 0x20 && c < 0x7f ? (char) (c - 0x21 + 0xFF01) : (char) c));
    return sb.toString();
  }
}
