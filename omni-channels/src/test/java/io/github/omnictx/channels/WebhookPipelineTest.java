package io.github.omnictx.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.omnictx.channels.internal.Hmac;
import io.github.omnictx.channels.telegram.TelegramAdapter;
import io.github.omnictx.channels.telegram.TelegramConfig;
import io.github.omnictx.channels.whatsapp.WhatsAppAdapter;
import io.github.omnictx.channels.whatsapp.WhatsAppConfig;
import io.github.omnictx.core.Omni;
import io.github.omnictx.core.OmniTenant;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.conversation.Conversation;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.IdentityKind;
import io.github.omnictx.core.timeline.TimelineQuery;
import io.github.omnictx.core.timeline.Touchpoint;
import io.github.omnictx.core.webhook.WebhookRequest;
import io.github.omnictx.core.webhook.WebhookResponse;
import io.github.omnictx.core.webhook.WebhookResult;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Real adapters through the whole inbound pipeline: verify, parse, resolve, conversation, append. */
class WebhookPipelineTest {
  private static final String TELEGRAM_SECRET = "pipeline-secret_1";
  private static final String META_SECRET = "pipeline-app-secret";
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-06-10T07:20:00Z"), ZoneOffset.UTC);

  private final OmniTenant shop = Omni.builder().clock(CLOCK)
      .adapter(new TelegramAdapter(TelegramConfig.builder("123:abc", TELEGRAM_SECRET).clock(CLOCK).build()))
      .adapter(new WhatsAppAdapter(WhatsAppConfig.builder().appSecret(META_SECRET).verifyToken("verify")
          .accessToken("EAAtoken").phoneNumberId("106540352242922").clock(CLOCK).build()))
      .build().tenant("acme");

  private static WebhookRequest telegram(byte[] body) {
    return WebhookRequest.builder("POST", "https://shop.example/hooks/telegram")
        .header("Content-Type", "application/json").header(TelegramAdapter.SECRET_HEADER, TELEGRAM_SECRET).body(body).build();
  }

  private static WebhookRequest whatsapp(byte[] body) {
    return WebhookRequest.builder("POST", "https://shop.example/hooks/whatsapp")
        .header("Content-Type", "application/json")
        .header("X-Hub-Signature-256", "sha256=" + Hmac.sha256Hex(META_SECRET, body)).body(body).build();
  }

  private static byte[] whatsappText(String waId, String wamid, long epochSeconds, String text) {
    String json = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":[{\"field\":"
        + "\"messages\",\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550783881\","
        + "\"phone_number_id\":\"106540352242922\"},\"contacts\":[{\"profile\":{\"name\":\"Ana Testova\"},\"wa_id\":\"" + waId
        + "\"}],\"messages\":[{\"from\":\"" + waId + "\",\"id\":\"" + wamid + "\",\"timestamp\":\"" + epochSeconds
        + "\",\"type\":\"text\",\"text\":{\"body\":\"" + text + "\"}}]}}]}]}";
    return json.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void telegramThenWhatsAppWithAKnownPhoneIsOneCustomerInOneConversation() {
    // The business knows Ana's mobile number from her loyalty sign-up.
    Customer ana = shop.customers().create(List.of(Identity.phoneLenient("+15555550123")), Map.of("name", "Ana Testova"));

    // On Telegram she shares her contact (the phone proves who she is), then asks a question.
    WebhookResult contact = shop.webhooks().process("telegram", telegram(Fixtures.bytes("telegram/update-message-contact.json")));
    assertThat(contact.response().status()).isEqualTo(200);
    assertThat(contact.recorded()).hasSize(1);
    // Later she writes on WhatsApp from the same number.
    WebhookResult wa = shop.webhooks().process("whatsapp",
        whatsapp(whatsappText("15555550123", "wamid.PIPELINE1", 1718004000L, "Any news on my order?")));
    assertThat(wa.recorded()).hasSize(1);

    Customer now = shop.customers().get(ana.id());
    assertThat(now.identities()).contains(Identity.phoneLenient("+15555550123"), Identity.of(IdentityKind.TELEGRAM, "5123456789"),
        Identity.of(IdentityKind.WHATSAPP, "15555550123"));
    List<Conversation> conversations = shop.conversations().ofCustomer(ana.id());
    assertThat(conversations).hasSize(1);
    assertThat(conversations.get(0).channels()).containsExactly(Channels.TELEGRAM.id(), Channels.WHATSAPP.id());
    List<Touchpoint> timeline = shop.timeline().page(TimelineQuery.forCustomer(ana.id()).oldestFirst().build()).items();
    assertThat(timeline).extracting(Touchpoint::channel).containsExactly(Channels.TELEGRAM.id(), Channels.WHATSAPP.id());
    assertThat(timeline).allSatisfy(t -> assertThat(t.conversationId()).contains(conversations.get(0).id()));
  }

  @Test
  void sameWhatsAppDeliveryHandledFiveTimesConcurrentlyRecordsOneTouchpoint() throws Exception {
    byte[] body = Fixtures.bytes("whatsapp/message-text.json");
    ExecutorService pool = Executors.newFixedThreadPool(5);
    List<WebhookResponse> responses = new ArrayList<>();
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<WebhookResponse>> futures = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        futures.add(pool.submit(() -> {
          start.await();
          return shop.webhooks().handle("whatsapp", whatsapp(body));
        }));
      }
      start.countDown();
      for (Future<WebhookResponse> f : futures) {
        responses.add(f.get());
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(responses).extracting(WebhookResponse::status).containsOnly(200);
    Customer sheena = shop.customers().getByIdentity(Identity.of(IdentityKind.WHATSAPP, "15551234567"));
    assertThat(shop.timeline().page(TimelineQuery.forCustomer(sheena.id()).build()).items()).hasSize(1);
    assertThat(shop.conversations().ofCustomer(sheena.id())).hasSize(1);
  }

  @Test
  void tamperedWhatsAppDeliveryIsRefusedAndRecordsNothing() {
    byte[] body = Fixtures.bytes("whatsapp/message-text.json");
    WebhookRequest signed = whatsapp(body);
    byte[] changed = body.clone();
    changed[changed.length / 2] ^= 1;
    WebhookRequest tampered = WebhookRequest.builder("POST", signed.url()).headers(signed.headers()).body(changed).build();
    assertThat(shop.webhooks().handle("whatsapp", tampered).status()).isEqualTo(403);
    assertThat(shop.customers().findByIdentity(Identity.of(IdentityKind.WHATSAPP, "15551234567"))).isEmpty();
  }
}
