package io.github.omnictx.channels.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.omnictx.channels.Fixtures;
import io.github.omnictx.channels.internal.Hmac;
import io.github.omnictx.core.Omni;
import io.github.omnictx.core.OmniTenant;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.IdentityKind;
import io.github.omnictx.core.privacy.PrivacySettings;
import io.github.omnictx.core.webhook.WebhookRequest;
import io.github.omnictx.core.webhook.WebhookResult;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * Meta redelivers a webhook for up to seven days: after the sender was erased, the same signed
 * WhatsApp delivery is acknowledged with 200 and creates no customer, identity or touchpoint.
 */
class WhatsAppErasedSenderTest {
  private static final String SECRET = "omni-test-app-secret";
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-06-10T08:00:00Z"), ZoneOffset.UTC);
  private static final String WAMID = "wamid.HBgLMTU1NTEyMzQ1NjcVAgASGBQzQUZBQ0UxMjM0NTY3ODkwQUJDRAA=";

  private final OmniTenant shop = Omni.builder().clock(CLOCK)
      .adapter(new WhatsAppAdapter(WhatsAppConfig.builder().appSecret(SECRET).verifyToken("verify")
          .accessToken("EAAtoken").phoneNumberId("106540352242922").clock(CLOCK).build()))
      .privacy(PrivacySettings.builder().tombstoneSecret("whatsapp test tenant secret, 32+ bytes".getBytes(
          StandardCharsets.UTF_8)).build())
      .build().tenant("acme");

  private WebhookResult deliver(String fixture) {
    byte[] body = Fixtures.bytes("whatsapp/" + fixture);
    return shop.webhooks().process("whatsapp", WebhookRequest.builder("POST", "https://shop.example/hooks/whatsapp")
        .header("Content-Type", "application/json")
        .header("X-Hub-Signature-256", "sha256=" + Hmac.sha256Hex(SECRET, body)).body(body).build());
  }

  @Test
  void theSameMessageRedeliveredAfterTheEraseIsAcknowledgedAndCreatesNothing() {
    WebhookResult first = deliver("message-text.json");
    assertThat(first.recorded()).hasSize(1);
    Customer sheena = shop.customers().getByIdentity(Identity.of(IdentityKind.WHATSAPP, "15551234567"));

    shop.privacy().erase(sheena.id(), "dsr-whatsapp-1");
    WebhookResult again = deliver("message-text.json");
    WebhookResult edit = deliver("message-edit.json");

    assertThat(again.response().status()).isEqualTo(200);
    assertThat(again.recorded()).isEmpty();
    assertThat(again.ignored()).isEqualTo(1);
    assertThat(edit.response().status()).isEqualTo(200);
    assertThat(edit.recorded()).isEmpty();
    assertThat(shop.customers().findByIdentity(Identity.of(IdentityKind.WHATSAPP, "15551234567"))).isEmpty();
    assertThat(shop.timeline().findByExternalId(Channels.WHATSAPP.id(), WAMID)).isEmpty();
    assertThat(shop.privacy().tombstoned(Identity.of(IdentityKind.WHATSAPP, "15551234567"))).isTrue();
  }
}
