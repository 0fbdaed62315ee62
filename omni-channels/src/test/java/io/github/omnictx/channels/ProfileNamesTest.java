package io.github.omnictx.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.omnictx.channels.internal.Hmac;
import io.github.omnictx.channels.telegram.TelegramAdapter;
import io.github.omnictx.channels.telegram.TelegramConfig;
import io.github.omnictx.channels.viber.ViberAdapter;
import io.github.omnictx.channels.viber.ViberConfig;
import io.github.omnictx.channels.whatsapp.WhatsAppAdapter;
import io.github.omnictx.channels.whatsapp.WhatsAppConfig;
import io.github.omnictx.core.Omni;
import io.github.omnictx.core.OmniTenant;
import io.github.omnictx.core.conversation.Conversation;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.handoff.HandoffRequest;
import io.github.omnictx.core.conversation.Participant;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.IdentityKind;
import io.github.omnictx.core.webhook.WebhookRequest;
import io.github.omnictx.core.webhook.WebhookResult;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sender's profile name from the channel becomes the customer's {@code name} when they have
 * none, so the agent's handoff summary names the person; a name the business set is never
 * overwritten.
 */
class ProfileNamesTest {
  private static final String TELEGRAM_SECRET = "names-secret_1";
  private static final String META_SECRET = "names-app-secret";
  private static final String VIBER_TOKEN = "445da6az1s345z78-dazcczb2542zv51a-e0vc5fva17480im9";
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-06-10T07:20:00Z"), ZoneOffset.UTC);

  private final OmniTenant shop = Omni.builder().clock(CLOCK)
      .adapter(new TelegramAdapter(TelegramConfig.builder("123:abc", TELEGRAM_SECRET).clock(CLOCK).build()))
      .adapter(new WhatsAppAdapter(WhatsAppConfig.builder().appSecret(META_SECRET).verifyToken("verify")
          .accessToken("EAAtoken").phoneNumberId("106540352242922").clock(CLOCK).build()))
      .adapter(new ViberAdapter(ViberConfig.builder(VIBER_TOKEN, "Omni Bot").build()))
      .build().tenant("acme");

  private static WebhookRequest.Builder post(String adapter, byte[] body) {
    return WebhookRequest.builder("POST", "https://shop.example/webhooks/" + adapter)
        .header("Content-Type", "application/json").body(body);
  }

  private static byte[] whatsappText(String waId, String profileName, String wamid) {
    return ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":[{\"field\":"
        + "\"messages\",\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":"
        + "\"15550783881\",\"phone_number_id\":\"106540352242922\"},\"contacts\":[{\"profile\":{\"name\":\""
        + profileName + "\"},\"wa_id\":\"" + waId + "\"}],\"messages\":[{\"from\":\"" + waId + "\",\"id\":\"" + wamid
        + "\",\"timestamp\":\"1718004000\",\"type\":\"text\",\"text\":{\"body\":\"Where is my order?\"}}]}}]}]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private WebhookResult whatsapp(byte[] body) {
    return shop.webhooks().process("whatsapp", post("whatsapp", body)
        .header("X-Hub-Signature-256", "sha256=" + Hmac.sha256Hex(META_SECRET, body)).build());
  }

  @Test
  void whatsAppProfileNameNamesANewCustomerAndTheHandoffSummary() {
    WebhookResult r = whatsapp(whatsappText("15555550123", "Ana Testova", "wamid.N1"));
    assertThat(r.recorded()).hasSize(1);
    Customer ana = shop.customers().getByIdentity(Identity.of(IdentityKind.WHATSAPP, "15555550123"));
    assertThat(ana.attribute("name")).contains("Ana Testova");

    Conversation c = shop.conversations().ofCustomer(ana.id()).get(0);
    String summary = shop.handoffs().context(shop.handoffs().offer(c.id(),
        HandoffRequest.to(Participant.queue("support"), "asked for a person").build()).id()).summary();
    assertThat(summary).startsWith("Ana Testova").doesNotContain("Unknown customer");
  }

  @Test
  void aNameTheBusinessSetIsNeverOverwrittenNorIsTheFirstProfileName() {
    Customer vip = shop.customers().create(List.of(Identity.of(IdentityKind.WHATSAPP, "15555550199")),
        Map.of("name", "Ana Testova (VIP)"));
    whatsapp(whatsappText("15555550199", "ana", "wamid.N2"));
    assertThat(shop.customers().get(vip.id()).attribute("name")).contains("Ana Testova (VIP)");

    whatsapp(whatsappText("15555550100", "Bo", "wamid.N3"));
    whatsapp(whatsappText("15555550100", "Bo Renamed", "wamid.N4"));
    assertThat(shop.customers().getByIdentity(Identity.of(IdentityKind.WHATSAPP, "15555550100")).attribute("name"))
        .contains("Bo");
  }

  @Test
  void telegramFirstAndLastNameNameTheCustomer() {
    WebhookResult r = shop.webhooks().process("telegram", post("telegram", Fixtures.bytes("telegram/update-message-text.json"))
        .header(TelegramAdapter.SECRET_HEADER, TELEGRAM_SECRET).build());
    assertThat(r.recorded()).hasSize(1);
    assertThat(shop.customers().getByIdentity(Identity.of(IdentityKind.TELEGRAM, "5123456789")).attribute("name"))
        .contains("Ana Testova");
  }

  @Test
  void viberSenderNameNamesTheCustomer() {
    byte[] body = Fixtures.bytes("viber/message-text.json");
    WebhookResult r = shop.webhooks().process("viber", post("viber", body)
        .header(ViberAdapter.SIGNATURE_HEADER, Hmac.sha256Hex(VIBER_TOKEN, body)).build());
    assertThat(r.recorded()).hasSize(1);
    assertThat(r.recorded().get(0).customerId()).satisfies(id ->
        assertThat(shop.customers().get(id).attribute("name")).contains("John McClane"));
  }
}
