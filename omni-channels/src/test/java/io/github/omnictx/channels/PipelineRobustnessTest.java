package io.github.omnictx.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.omnictx.channels.internal.Hmac;
import io.github.omnictx.channels.internal.SignedJson;
import io.github.omnictx.channels.pos.PosAdapter;
import io.github.omnictx.channels.pos.PosConfig;
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
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Garbage, truncated payloads, wrong content types, huge bodies, and values no store can hold (huge
 * exponents, NUL, unpaired surrogates, times out of range, deep nesting) planted in recorded
 * payloads, all through the whole pipeline with correct signatures: the pipeline always answers
 * (never throws), never with a server error, a refused request writes nothing (no committed event at
 * all), and a redelivery gets the same answer.
 */
class PipelineRobustnessTest {
  private static final String META = "robust-app-secret";
  private static final String TG = "robust_secret-token";
  private static final String VIBER = "robust-viber-auth-token";
  private static final String POS = "robust-pos-secret-000000000001";
  private static final List<String> HOSTILE_FIXTURES = List.of("whatsapp/message-text.json",
      "whatsapp/batch-two-messages.json", "telegram/update-message-text.json", "telegram/update-message-contact.json",
      "viber/message-text.json", "pos/purchase.json", "pos/visit.json",
      // the events that change what is recorded instead of adding to it: edits, deletions, consent
      "whatsapp/message-edit.json", "whatsapp/message-revoke.json", "whatsapp/batch-error-131000-and-text.json",
      "whatsapp/user-preferences-marketing-stop.json", "telegram/update-edited-message.json",
      "viber/unsubscribed.json", "viber/subscribed.json");
  private static final String PLANT = "@@hostile@@";
  private static final List<String> FIXTURES = List.of("whatsapp/message-text.json", "whatsapp/message-image.json",
      "whatsapp/batch-two-messages.json", "telegram/update-message-text.json", "telegram/update-message-photo.json",
      "viber/message-text.json", "viber/message-picture.json", "whatsapp/message-edit.json",
      "whatsapp/batch-error-131000-and-text.json", "telegram/update-edited-message.json", "viber/unsubscribed.json");

  private final List<OmniEvent> events = new CopyOnWriteArrayList<>();
  private final OmniTenant shop = Omni.builder().listener(events::add)
      .adapter(new WhatsAppAdapter(WhatsAppConfig.builder().appSecret(META).verifyToken("v").accessToken("t")
          .phoneNumberId("106540352242922").build()))
      .adapter(new TelegramAdapter(TelegramConfig.builder("1:x", TG).build()))
      .adapter(new ViberAdapter(ViberConfig.builder(VIBER, "Shop").build()))
      .adapter(new PosAdapter(PosConfig.builder(POS).defaultRegion("DE").build()))
      .build().tenant("acme");

  private WebhookResult send(String adapter, byte[] body, String contentType) {
    WebhookRequest.Builder b = WebhookRequest.builder("POST", "https://shop.example/webhooks/" + adapter)
        .header("Content-Type", contentType).body(body);
    switch (adapter) {
      case "whatsapp" -> b.header("X-Hub-Signature-256", "sha256=" + Hmac.sha256Hex(META, body));
      case "telegram" -> b.header(TelegramAdapter.SECRET_HEADER, TG);
      case "pos" -> new SignedJson(POS, SignedJson.DEFAULT_REPLAY_WINDOW, Clock.systemUTC()).headers(body).forEach(b::header);
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

  @Property(tries = 300)
  void valuesNoStoreCanHoldAreAnsweredCleanlyAndAlikeOnEveryRedelivery(
      @ForAll @IntRange(min = 0, max = 1000) int fixture, @ForAll @IntRange(min = 0, max = 10_000) int position,
      @ForAll("hostileValues") String hostile) {
    events.clear();
    String path = HOSTILE_FIXTURES.get(fixture % HOSTILE_FIXTURES.size());
    String adapter = path.substring(0, path.indexOf('/'));
    byte[] body = plant(Fixtures.text(path), position, hostile);

    WebhookResult first = send(adapter, body, "application/json");
    assertAnsweredCleanly(first);
    List<OmniEvent> committed = List.copyOf(events);
    WebhookResult again = send(adapter, body, "application/json");
    assertThat(again.response().status()).isEqualTo(first.response().status());
    assertThat(again.recorded()).isEmpty();
    assertThat(events).isEqualTo(committed);
  }

  @Property(tries = 40)
  void theSameHostileValueInTheFieldsThatAreStoredIsABadRequestThatRecordsNothing(
      @ForAll("storedFields") String field, @ForAll("unstorable") String hostile) {
    events.clear();
    String path = field.substring(0, field.indexOf('#'));
    String json = Fixtures.text(path).replaceFirst("\"" + java.util.regex.Pattern.quote(field.substring(field.indexOf('#') + 1))
        + "\"\\s*:\\s*(\"[^\"]*\"|[0-9.]+)", java.util.regex.Matcher.quoteReplacement(
        "\"" + field.substring(field.indexOf('#') + 1) + "\":" + hostile));
    assertThat(json).contains(hostile);
    WebhookResult r = send(path.substring(0, path.indexOf('/')), json.getBytes(StandardCharsets.UTF_8), "application/json");
    assertThat(r.response().status()).as(json).isEqualTo(400);
    assertThat(r.recorded()).isEmpty();
    assertThat(events).isEmpty();
  }

  /** Replaces one scalar of the document (the position-th, cyclically) with the hostile JSON text. */
  private static byte[] plant(String json, int position, String hostile) {
    com.fasterxml.jackson.databind.JsonNode root;
    try {
      root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    List<Runnable> spots = new java.util.ArrayList<>();
    collect(root, spots);
    spots.get(position % spots.size()).run();
    String text = root.toString();
    return text.replace("\"" + PLANT + "\"", hostile).getBytes(StandardCharsets.UTF_8);
  }

  private static void collect(com.fasterxml.jackson.databind.JsonNode node, List<Runnable> spots) {
    if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
      List<String> names = new java.util.ArrayList<>();
      o.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        com.fasterxml.jackson.databind.JsonNode child = o.get(name);
        if (child.isContainerNode()) {
          collect(child, spots);
        } else {
          spots.add(() -> o.put(name, PLANT));
        }
      }
    } else if (node instanceof com.fasterxml.jackson.databind.node.ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        int at = i;
        if (a.get(i).isContainerNode()) {
          collect(a.get(i), spots);
        } else {
          spots.add(() -> a.set(at, com.fasterxml.jackson.databind.node.TextNode.valueOf(PLANT)));
        }
      }
    }
  }

  @Provide
  Arbitrary<String> hostileValues() {
    return Arbitraries.oneOf(unstorable(), Arbitraries.of(
        "\"1e999999999\"", "99999999999999", "\"99999999999999\"", "-1", "\"+300000-01-01T00:00:00Z\"", "\"-999999999-01-01T00:00:00Z\"",
        // provider times before 2000 and more than a day ahead, in seconds and in milliseconds
        "946684799", "\"946684799\"", "946684799000", "4102444800", "\"4102444800\"", "4102444800000",
        "9223372036854775807", "-9223372036854775808",
        "{\"k\\u0000\":1}", "{\"\\ud800\":\"x\"}",
        "{\"a\":".repeat(30) + "1" + "}".repeat(30),
        "[".repeat(5_000) + "]".repeat(5_000)));
  }

  @Provide
  Arbitrary<String> unstorable() {
    return Arbitraries.of("1e999999999", "-1e999999999", "1e140000", "1e1000000", "1e-999999999",
        "123456789012345678901234567890123456789012", "\"a\\u0000b\"", "\"\\u0000\"", "\"p\\ud800q\"",
        "\"\\udc00x\"");
  }

  /** Fields every one of which ends up in the store (ids, text, names, money), as fixture#field. */
  @Provide
  Arbitrary<String> storedFields() {
    return Arbitraries.of("whatsapp/message-text.json#body", "whatsapp/message-text.json#id",
        "whatsapp/message-text.json#name", "telegram/update-message-text.json#text",
        "telegram/update-message-text.json#first_name", "viber/message-text.json#text",
        "viber/message-text.json#message_token", "pos/purchase.json#receiptNumber", "pos/purchase.json#subtotal",
        "pos/purchase.json#description");
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
