package io.github.omnictx.channels.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.omnictx.channels.MessagingAdapterContractTest;
import io.github.omnictx.channels.Fixtures;
import io.github.omnictx.channels.internal.Hmac;
import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.channel.spi.Attachment;
import io.github.omnictx.core.channel.spi.DeliveryException;
import io.github.omnictx.core.channel.spi.DeliveryException.Reason;
import io.github.omnictx.core.channel.spi.DeliveryUpdate;
import io.github.omnictx.core.channel.spi.IgnoredEvent;
import io.github.omnictx.core.channel.spi.InboundEvent;
import io.github.omnictx.core.channel.spi.InboundTouch;
import io.github.omnictx.core.channel.spi.OutboundMessage;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.IdentityKind;
import io.github.omnictx.core.timeline.DeliveryStatus;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.webhook.SignatureException;
import io.github.omnictx.core.webhook.WebhookRequest;
import io.github.omnictx.core.webhook.WebhookResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

class WhatsAppAdapterContractTest extends MessagingAdapterContractTest<WhatsAppAdapter> {
  private static final String SECRET = "omni-test-app-secret";
  private static final String URL = "https://omni.example.org/webhooks/whatsapp";
  private static final String WAMID_OUT = "wamid.HBgLMTU1NTEyMzQ1NjcVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA";
  private static final Identity SHEENA = Identity.of(IdentityKind.WHATSAPP, "15551234567");
  private static final Identity SHEENA_PHONE = Identity.phoneLenient("+15551234567");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static WhatsAppConfig config(String baseUrl) {
    return WhatsAppConfig.builder().appSecret(SECRET).verifyToken("omni-verify-token").accessToken("EAAtestToken")
        .phoneNumberId("106540352242922").apiBaseUrl(baseUrl).build();
  }

  @Override
  protected WhatsAppAdapter adapter(String baseUrl) {
    return new WhatsAppAdapter(config(baseUrl));
  }

  private WhatsAppAdapter adapter() {
    return new WhatsAppAdapter(config(server.url("/").toString()));
  }

  private static WebhookRequest request(byte[] body, String signature) {
    return WebhookRequest.builder("POST", URL).header("Content-Type", "application/json")
        .header("X-Hub-Signature-256", signature).body(body).build();
  }

  private WebhookRequest fixture(String name) {
    return signed(Fixtures.bytes("whatsapp/" + name));
  }

  @Override
  protected WebhookRequest publishedVector() {
    return request(Fixtures.bytes("whatsapp/message-text.json"),
        "sha256=5bd7ae498c088d19543122e68d13cfcbc181c5863e00dbe29e2470d40ff4a9e3");
  }

  @Override
  protected WebhookRequest signed(byte[] body) {
    return request(body, "sha256=" + Hmac.sha256Hex(SECRET, body));
  }

  @Override
  protected WebhookRequest unsigned(WebhookRequest request) {
    return copy(request, request.body(), "X-Hub-Signature-256");
  }

  private static InboundTouch onlyTouch(List<InboundEvent> events) {
    assertThat(events).hasSize(1).first().isInstanceOf(InboundTouch.class);
    return (InboundTouch) events.get(0);
  }

  @Override
  protected List<Sample> samples() {
    return List.of(
        new Sample("text", fixture("message-text.json"), events -> {
          InboundTouch t = onlyTouch(events);
          assertThat(t.externalId()).isEqualTo("wamid.HBgLMTU1NTEyMzQ1NjcVAgASGBQzQUZBQ0UxMjM0NTY3ODkwQUJDRAA=");
          assertThat(t.sender()).containsExactly(SHEENA, SHEENA_PHONE);
          assertThat(t.senderName()).contains("Sheena Test");
          assertThat(t.occurredAt()).isEqualTo(Instant.ofEpochSecond(1718003400));
          assertThat(t.direction()).isEqualTo(Direction.INBOUND);
          assertThat(t.text()).contains("Does it come in another color?");
          assertThat(t.attachments()).isEmpty();
          assertThat(t.payload().path("type").asText()).isEqualTo("text");
        }),
        new Sample("image", fixture("message-image.json"), events -> {
          InboundTouch t = onlyTouch(events);
          assertThat(t.externalId()).isEqualTo("wamid.HBgLMTU1NTEyMzQ1NjcVAgASGBQzQUIwMDAwMDAwMDAwMDAwSU1HMQA=");
          assertThat(t.occurredAt()).isEqualTo(Instant.ofEpochSecond(1718003460));
          assertThat(t.text()).contains("This one, but in blue");
          assertThat(t.attachments()).containsExactly(new Attachment("image", Optional.of(
              "https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1003383421387256&ext=1718003460&hash=ATtestHASHvalue000"),
              Optional.of("1003383421387256"), Optional.of("image/jpeg"), Optional.of("This one, but in blue")));
        }),
        new Sample("unicode escaped", fixture("message-text-unicode-escaped.json"), events -> {
          InboundTouch t = onlyTouch(events);
          assertThat(t.sender()).containsExactly(Identity.of(IdentityKind.WHATSAPP, "4915123456789"),
              Identity.phone("+4915123456789"));
          assertThat(t.senderName()).contains("Jürgen Müller");
          assertThat(t.text()).contains("Grüße äöå 😀");
        }),
        new Sample("batch", fixture("batch-two-messages.json"), events -> {
          assertThat(events).hasSize(2).allMatch(e -> e instanceof InboundTouch);
          InboundTouch first = (InboundTouch) events.get(0);
          InboundTouch second = (InboundTouch) events.get(1);
          assertThat(first.externalId()).isEqualTo("wamid.HBgLMTU1NTEyMzQ1NjcVAgASGBQzQUIwMDAwMDAwMDAwMDAwQkFUMQA=");
          assertThat(first.sender()).containsExactly(SHEENA, SHEENA_PHONE);
          assertThat(first.senderName()).contains("Sheena Test");
          assertThat(first.text()).contains("First message of the batch");
          assertThat(second.externalId()).isEqualTo("wamid.HBgMNDQ3NzAwOTAwMTIzFQIAEhgUM0FCMDAwMDAwMDAwMDAwMEJBVDIA");
          assertThat(second.sender()).containsExactly(Identity.of(IdentityKind.WHATSAPP, "447700900123"),
              Identity.phoneLenient("+447700900123"));
          assertThat(second.senderName()).contains("Omar Sample");
          assertThat(second.occurredAt()).isEqualTo(Instant.ofEpochSecond(1718003501));
        }),
        new Sample("sent", fixture("status-sent.json"), events -> assertThat(events).containsExactly(
            new DeliveryUpdate(WAMID_OUT, DeliveryStatus.SENT, Instant.ofEpochSecond(1718003600), Optional.empty(),
                Optional.empty()))),
        new Sample("delivered", fixture("status-delivered.json"), events -> assertThat(events).containsExactly(
            new DeliveryUpdate(WAMID_OUT, DeliveryStatus.DELIVERED, Instant.ofEpochSecond(1718003602),
                Optional.empty(), Optional.empty(), Optional.of("omni-out-1")))),
        new Sample("read", fixture("status-read.json"), events -> assertThat(events).containsExactly(
            new DeliveryUpdate(WAMID_OUT, DeliveryStatus.READ, Instant.ofEpochSecond(1718003650), Optional.empty(),
                Optional.empty()))),
        new Sample("failed", fixture("status-failed-131047.json"), events -> assertThat(events).containsExactly(
            new DeliveryUpdate("wamid.HBgLMTU1NTEyMzQ1NjcVAgARGBJGQUlMRUQwMDAwMDAwMDAwMDEA", DeliveryStatus.FAILED,
                Instant.ofEpochSecond(1718190000), Optional.of("131047"), Optional.of("Re-engagement message: "
                    + "Message failed to send because more than 24 hours have passed since the customer last replied to this number.")))),
        new Sample("value errors", fixture("value-errors-130429.json"), events -> {
          assertThat(events).hasSize(1).first().isInstanceOf(IgnoredEvent.class);
          assertThat(((IgnoredEvent) events.get(0)).reason()).contains("130429");
        }));
  }

  @Override
  protected OutboundMessage message() {
    return OutboundMessage.text(SHEENA, "Yes, it also comes in blue.", "omni-out-1");
  }

  @Override
  protected MockResponse accepted() {
    return new MockResponse().setHeader("Content-Type", "application/json")
        .setBody(Fixtures.text("whatsapp/outbound-send-response-ok.json"));
  }

  @Override
  protected String acceptedId() {
    return WAMID_OUT;
  }

  @Override
  protected MockResponse permanentError() {
    return new MockResponse().setResponseCode(401).setBody(Fixtures.text("whatsapp/outbound-error-190.json"));
  }

  @Override
  protected void assertSendRequest(RecordedRequest request) {
    assertThat(request.getPath()).isEqualTo("/v21.0/106540352242922/messages");
    assertThat(request.getHeader("Authorization")).isEqualTo("Bearer EAAtestToken");
    assertThat(json(request)).isEqualTo(json(Fixtures.text("whatsapp/outbound-send-text-request.json")));
  }

  private static Object json(RecordedRequest request) {
    return json(request.getBody().readUtf8());
  }

  private static Object json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  // ------------------------------------------------------------------ WhatsApp specifics

  @Test
  void unicodeEscapedPayloadVerifiesOverTheRawBytes() {
    byte[] raw = Fixtures.bytes("whatsapp/message-text-unicode-escaped.json");
    adapter().verify(request(raw, "sha256=9a1920824b63b53f9b9de29c379b9f6ef39093826ce00c0eda13e67ad7d8a1f1"));
    // The same JSON re-serialised (escapes decoded) no longer carries Meta's signature.
    String decoded = new String(raw, StandardCharsets.UTF_8).replace("\\u00fc", "ü");
    assertThatThrownBy(() -> adapter().verify(request(decoded.getBytes(StandardCharsets.UTF_8),
        "sha256=9a1920824b63b53f9b9de29c379b9f6ef39093826ce00c0eda13e67ad7d8a1f1")))
        .isInstanceOf(SignatureException.class);
  }

  @Test
  void batchOfTwoMessagesYieldsTwoEventsInOrder() {
    List<InboundEvent> events = adapter().parse(fixture("batch-two-messages.json"));
    assertThat(events).extracting(e -> ((InboundTouch) e).text().orElseThrow())
        .containsExactly("First message of the batch", "Second message, other user");
  }

  @Test
  void handshakeEchoesTheChallengeForTheRightToken() {
    WebhookRequest get = WebhookRequest.builder("GET",
        URL + "?hub.mode=subscribe&hub.verify_token=omni-verify-token&hub.challenge=1158201444").build();
    assertThat(adapter().handshake(get)).contains(WebhookResponse.text(200, "1158201444"));
  }

  @Test
  void handshakeWithTheWrongTokenIsRefused() {
    WebhookRequest wrong = WebhookRequest.builder("GET",
        URL + "?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444").build();
    assertThatThrownBy(() -> adapter().handshake(wrong))
        .isInstanceOfSatisfying(SignatureException.class, e -> assertThat(e.missing()).isFalse());
    WebhookRequest none = WebhookRequest.builder("GET", URL + "?hub.mode=subscribe&hub.challenge=1").build();
    assertThatThrownBy(() -> adapter().handshake(none))
        .isInstanceOfSatisfying(SignatureException.class, e -> assertThat(e.missing()).isTrue());
  }

  @Test
  void postIsNotAHandshake() {
    assertThat(adapter().handshake(publishedVector())).isEmpty();
  }

  @Test
  void otherMetaObjectsAreRejected() {
    byte[] page = "{\"object\":\"page\",\"entry\":[]}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> adapter().parse(signed(page))).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("whatsapp_business_account");
  }

  private DeliveryException failure(int status, String fixture) {
    server.enqueue(new MockResponse().setResponseCode(status).setBody(Fixtures.text("whatsapp/" + fixture)));
    try {
      adapter().send(message());
    } catch (DeliveryException e) {
      return e;
    }
    throw new AssertionError("send did not fail");
  }

  @Test
  void throughputLimitIsRetryable() {
    DeliveryException e = failure(400, "outbound-error-130429.json");
    assertThat(e.reason()).isEqualTo(Reason.RATE_LIMITED);
    assertThat(e.providerCode()).contains("130429");
    assertThat(e.retryable()).isTrue();
  }

  @Test
  void closedServiceWindowAsksForATemplate() {
    DeliveryException e = failure(400, "outbound-error-131047.json");
    assertThat(e.reason()).isEqualTo(Reason.OUTSIDE_SERVICE_WINDOW);
    assertThat(e.retryable()).isFalse();
  }

  @Test
  void expiredTokenIsUnauthorized() {
    DeliveryException e = failure(401, "outbound-error-190.json");
    assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED);
    assertThat(e.providerCode()).contains("190");
  }

  @Test
  void badParameterAndPolicyBlocksAreRejected() {
    server.enqueue(new MockResponse().setResponseCode(400).setBody("{\"error\":{\"message\":\"(#100) Invalid parameter\",\"code\":100}}"));
    server.enqueue(new MockResponse().setResponseCode(400).setBody("{\"error\":{\"message\":\"blocked\",\"code\":368}}"));
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> adapter().send(message())).isInstanceOfSatisfying(DeliveryException.class,
          e -> assertThat(e.reason()).isEqualTo(Reason.REJECTED));
    }
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void templateIsSentToAPhoneRecipientAsDigits() throws Exception {
    server.enqueue(accepted());
    OutboundMessage template = new OutboundMessage(SHEENA_PHONE, Optional.empty(), List.of(),
        Optional.of(new OutboundMessage.Template("order_update", "de", List.of("43", "morgen"))), "omni-out-2");
    assertThat(adapter().send(template).messageId()).isEqualTo(WAMID_OUT);
    assertThat(json(server.takeRequest())).isEqualTo(json("""
        {"messaging_product":"whatsapp","recipient_type":"individual","to":"15551234567",
         "biz_opaque_callback_data":"omni-out-2","type":"template",
         "template":{"name":"order_update","language":{"code":"de"},"components":[{"type":"body","parameters":[
           {"type":"text","text":"43"},{"type":"text","text":"morgen"}]}]}}"""));
  }

  @Test
  void imageIsSentByLinkWithTheTextAsCaption() throws Exception {
    server.enqueue(accepted());
    Attachment image = new Attachment("image", Optional.of("https://shop.example.com/blue.jpg"), Optional.empty(),
        Optional.empty(), Optional.empty());
    adapter().send(new OutboundMessage(SHEENA, Optional.of("In blue"), List.of(image), Optional.empty(), "k"));
    assertThat(json(server.takeRequest())).isEqualTo(json("""
        {"messaging_product":"whatsapp","recipient_type":"individual","to":"15551234567",
         "biz_opaque_callback_data":"k","type":"image",
         "image":{"link":"https://shop.example.com/blue.jpg","caption":"In blue"}}"""));
  }
}
