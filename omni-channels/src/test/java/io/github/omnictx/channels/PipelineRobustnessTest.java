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
import io.github.omnictx.core.event.OmniEvent;
import io.github.omnictx.core.webhook.WebhookRequest;
import io.github.omnictx.core.webhook.WebhookResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Garbage, truncated payloads, wrong content types and huge bodies through the whole pipeline with
 * correct signatures: the pipeline always answers (never throws), never with a server error, and a
 * refused request writes nothing (no committed event at all).
 */
class PipelineRobustnessTest {
  private static final String META = "robust-app-secret";
  private static final String TG = "robust_secret-token";
  private static final String VIBER = "robust-viber-auth-token";
  private static final List<String> FIXTURES = List.of("whatsapp/message-text.json", "whatsapp/message-image.json",
      "whatsapp/batch-two-messages.json", "telegram/update-message-text.json", "telegram/update-message-photo.json",
      "viber/message-text.json", "viber/message-picture.json");

  private final List<OmniEvent> events = new CopyOnWriteArrayList<>();
  private final OmniTenant shop = Omni.builder().listener(events::add)
      .adapter(new WhatsAppAdapter(WhatsAppConfig.builder().appSecret(META).verifyToken("v").accessToken("t")
          .phoneNumberId("106540352242922").build()))
      .adapter(new TelegramAdapter(TelegramConfig.builder("1:x", TG).build()))
      .adapter(new ViberAdapter(ViberConfig.builder(VIBER, "Shop").build()))
      .build().tenant("acme");

  private WebhookResult send(String adapter, byte[] body, String contentType) {
    WebhookRequest.Builder b = WebhookRequest.builder("POST", "https://shop.example/webhooks/" + adapter)
        .header("Content-Type", contentType).body(body);
    switch (adapter) {
      case "whatsapp" -> b.header("X-Hub-Signature-256", "sha256=" + Hmac.sha256Hex(META, body));
      case "telegram" -> b.header(TelegramAdapter.SECRET_HEADER, TG);
      default -> b.header(ViberAdapter.SIGNATURE_HEADER, Hmac.sha256Hex(VIBER, body));
    }
    return shop.webhooks().process(adapter, b.build());
  }

  private void assertAnsweredCleanly(WebhookResult r) {
    assertThat(r.response().status()).isIn(200, 400, 413);
    if (r.response().status() != 200) {
      assertThat(r.recorded()).isEmpty();
      assertThat(events).isEmpty();
    }
  }

  @Property(tries = 200)
  void garbageIsAnsweredWithoutServerErrorsAndRefusedGarbageWritesNothing(
      @ForAll("adapters") String adapter, @ForAll("garbage") byte[] body, @ForAll("contentTypes") String type) {
    events.clear();
    assertAnsweredCleanly(send(adapter, body, type));
  }

  @Property(tries = 150)
  void truncatedRecordedPayloadsAreAnsweredCleanly(@ForAll @IntRange(min = 0, max = 1000) int fixture,
      @ForAll @IntRange(min = 0, max = 99) int percent) {
    events.clear();
    String path = FIXTURES.get(fixture % FIXTURES.size());
    byte[] full = Fixtures.bytes(path);
    byte[] cut = java.util.Arrays.copyOf(full, full.length * percent / 100);
    assertAnsweredCleanly(send(path.substring(0, path.indexOf('/')), cut, "application/json"));
  }

  @Property(tries = 30)
  void hugeBodiesAreRefusedAsTooLarge(@ForAll("adapters") String adapter, @ForAll @IntRange(min = 1, max = 3) int extra) {
    events.clear();
    byte[] body = ("{\"pad\":\"" + "x".repeat(Omni.DEFAULT_MAX_WEBHOOK_BODY_BYTES * extra) + "\"}")
        .getBytes(StandardCharsets.UTF_8);
    WebhookResult r = send(adapter, body, "application/json");
    assertThat(r.response().status()).isEqualTo(413);
    assertThat(events).isEmpty();
  }

  @Provide
  Arbitrary<String> adapters() {
    return Arbitraries.of("whatsapp", "telegram", "viber");
  }

  @Provide
  Arbitrary<String> contentTypes() {
    return Arbitraries.of("application/json", "application/json; charset=utf-8", "text/plain",
        "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml");
  }

  @Provide
  Arbitrary<byte[]> garbage() {
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(500);
    Arbitrary<byte[]> jsonish = Arbitraries.of("{", "}", "[", "]", "\"", ":", ",", "null", "0", "1e400", "-1",
            "\"entry\"", "\"changes\"", "\"value\"", "\"messages\"", "\"message\"", "\"from\"", "\"id\"", "\"event\"",
            "\"sender\"", "\"update_id\"", "\"text\"", "{\"object\":\"whatsapp_business_account\",\"entry\":[")
        .list().ofMaxSize(60).map(l -> String.join("", l).getBytes(StandardCharsets.UTF_8));
    return Arbitraries.oneOf(random, jsonish);
  }
}
