package io.github.omnictx.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
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
    assertThat(Identity.email("anna@example.com").masked()).isEqualTo("a***@example.com");
    assertThat(Identity.phone("+4915112345678").masked()).isEqualTo("+49151*****678");
    assertThat(Identity.loyaltyCard("400012345678").masked()).isEqualTo("400******678");
  }

  @Property(tries = 200)
  void normalisationIsIdempotent(@ForAll @IntRange(min = 1_000_000, max = 99_999_999) int subscriber) {
    Identity once = Identity.phone("+49 151 " + subscriber);
    assertThat(new Identity(once.kind(), once.value())).isEqualTo(once);
    Identity mail = Identity.email("User" + subscriber + "@Shop.Example");
    assertThat(Identity.email(mail.value())).isEqualTo(mail);
  }
}
