package io.github.omnictx.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class IdentityRulesTest {

  @Test
  void blockedValuesMatchAnyKindIgnoringCase() {
    IdentityRules rules = IdentityRules.builder().blockValue(" Anonymous ").block(Identity.email("qa@shop.example")).build();
    assertThat(rules.isBlocked(Identity.of(IdentityKind.DEVICE, "ANONYMOUS"))).isTrue();
    assertThat(rules.isBlocked(Identity.of(IdentityKind.EXTERNAL, "anonymous"))).isTrue();
    assertThat(rules.isBlocked(Identity.email("QA@shop.example"))).isTrue();
    assertThat(rules.isBlocked(Identity.email("anna@shop.example"))).isFalse();
    assertThat(IdentityRules.defaults().isBlocked(Identity.of(IdentityKind.EXTERNAL, "null"))).isTrue();
    assertThat(IdentityRules.none().isBlocked(Identity.of(IdentityKind.EXTERNAL, "null"))).isFalse();
  }

  @Test
  void rankIsKindPriorityThenValue() {
    IdentityRules rules = IdentityRules.builder().priority(IdentityKind.PHONE, IdentityKind.EMAIL).build();
    assertThat(rules.priority()).startsWith(IdentityKind.PHONE, IdentityKind.EMAIL).hasSize(IdentityKind.values().length);
    List<Identity> sorted = new java.util.ArrayList<>(List.of(Identity.email("b@x.io"), Identity.loyaltyCard("1"),
        Identity.email("a@x.io"), Identity.phone("+4915112345678")));
    sorted.sort(rules.rank());
    assertThat(sorted).containsExactly(Identity.phone("+4915112345678"), Identity.email("a@x.io"),
        Identity.email("b@x.io"), Identity.loyaltyCard("1"));
    assertThat(IdentityRules.defaults().priority().get(0)).isEqualTo(IdentityKind.EXTERNAL);
  }

  @Test
  void fitsRefusesOnlyGrowthBeyondALimit() {
    IdentityRules rules = IdentityRules.builder().limit(IdentityKind.EXTERNAL, 1).build();
    Identity crm1 = Identity.of(IdentityKind.EXTERNAL, "1");
    Identity crm2 = Identity.of(IdentityKind.EXTERNAL, "2");
    assertThat(rules.fits(List.of(crm1), List.of(crm1, Identity.email("a@x.io")))).isTrue();
    assertThat(rules.fits(List.of(crm1), List.of(crm2))).isFalse();
    assertThat(rules.fits(List.of(crm1, crm2), List.of(Identity.email("a@x.io")))).isTrue();
    assertThat(rules.limit(IdentityKind.EMAIL)).isEmpty();
    assertThat(rules.toBuilder().unlimited(IdentityKind.EXTERNAL).build()).isEqualTo(IdentityRules.none());
  }

  @Test
  void badRulesAreRefusedNamingTheValue() {
    assertThatThrownBy(() -> IdentityRules.builder().limit(IdentityKind.EMAIL, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was: 0");
    assertThatThrownBy(() -> IdentityRules.builder().priority(IdentityKind.EMAIL, IdentityKind.EMAIL))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repeat");
    assertThatThrownBy(() -> IdentityRules.builder().blockValue(" ")).isInstanceOf(IllegalArgumentException.class);
  }
}
