package io.github.omnictx.channels.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.omnictx.channels.MessagingAdapterContractTest;
import io.github.omnictx.channels.Fixtures;
import io.github.omnictx.channels.ResilientAdapter;
import io.github.omnictx.core.Omni;
import io.github.omnictx.core.OmniTenant;
import io.github.omnictx.core.webhook.SignatureException;
import io.github.omnictx.core.channel.spi.Attachment;
import io.github.omnictx.core.channel.spi.DeliveryException;
import io.github.omnictx.core.channel.spi.DeliveryException.Reason;
import io.github.omnictx.core.channel.spi.IgnoredEvent;
import io.github.omnictx.core.channel.spi.InboundEvent;
import io.github.omnictx.core.channel.spi.InboundTouch;
import io.github.omnictx.core.channel.spi.MessageChange;
import io.github.omnictx.core.channel.spi.OutboundMessage;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.IdentityKind;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.timeline.TouchpointType;
import io.github.omnictx.core.webhook.WebhookRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

class TelegramAdapterContractTest extends MessagingAdapterContractTest<TelegramAdapter> {
  private static final String TOKEN = "7001234567:AAtest-token";
  private static final String SECRET = "omni-test_secret-0001";
  private static final Instant NOW = Instant.parse("2024-06-10T08:00:00Z");
  private static final Identity ANA = Identity.of(IdentityKind.TELEGRAM, "5123456789");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static TelegramConfig config(String baseUrl) {
    return TelegramConfig.builder(TOKEN, SECRET).apiBaseUrl(baseUrl).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
  }

  @Override
  protected TelegramAdapter adapter(String baseUrl) {
    return new TelegramAdapter(config(baseUrl));
  }

  private static WebhookRequest request(byte[] body, String secret) {
    WebhookRequest.Builder b = WebhookRequest.builder("POST", "https://omni.example.org/webhooks/telegram")
        .header("Content-Type", "application/json").body(body);
    if (secret != null) {
      b.header(TelegramAdapter.SECRET_HEADER, secret);
    }
    return b.build();
  }

  private static WebhookRequest fixture(String name) {
    return request(Fixtures.bytes("telegram/" + name), SECRET);
  }

  @Override
  protected WebhookRequest publishedVector() {
    return fixture("update-message-text.json");
  }

  @Override
  protected WebhookRequest signed(byte[] body) {
    return request(body, SECRET);
  }

  /** Telegram signs nothing: the shared secret is the signature, so tampering changes one character of it. */
  @Override
  protected WebhookRequest tampered(WebhookRequest request) {
    String given = request.header(TelegramAdapter.SECRET_HEADER).orElseThrow();
    char last = given.charAt(given.length() - 1);
    return request(request.body(), given.substring(0, given.length() - 1) + (last == 'a' ? 'b' : 'a'));
  }

  @Override
  protected WebhookRequest unsigned(WebhookRequest request) {
    return copy(request, request.body(), TelegramAdapter.SECRET_HEADER);
  }

  private static InboundTouch onlyTouch(List<InboundEvent> events) {
    assertThat(events).hasSize(1);
    assertThat(events.get(0)).isInstanceOf(InboundTouch.class);
    return (InboundTouch) events.get(0);
  }

  @Override
  protected List<Sample> samples() {
    return List.of(
        new Sample("text", fixture("update-message-text.json"), events -> {
          InboundTouch t = onlyTouch(events);
          assertThat(t.externalId()).isEqualTo("5123456789:1365");
          assertThat(t.sender()).containsExactly(ANA);
          assertThat(t.senderName()).contains("Ana Testova");
          assertThat(t.occurredAt()).isEqualTo(Instant.ofEpochSecond(1718003400));
          assertThat(t.type()).isEqualTo(TouchpointType.MESSAGE);
          assertThat(t.direction()).isEqualTo(Direction.INBOUND);
          assertThat(t.text()).contains("Hello, I need help with order 42");
          assertThat(t.attachments()).isEmpty();
          assertThat(t.payload().path("message_id").asLong()).isEqualTo(1365);
        }),
        new Sample("photo", fixture("update-message-photo.json"), events -> {
          InboundTouch t = onlyTouch(events);
          assertThat(t.externalId()).isEqualTo("5123456789:1366");
          assertThat(t.occurredAt()).isEqualTo(Instant.ofEpochSecond(1718003460));
          assertThat(t.text()).contains("Photo of the damaged box");
          assertThat(t.attachments()).containsExactly(new Attachment("image", Optional.empty(),
              Optional.of("AgACAgQAAxkBAAIFZmZmTestLarge0000000000000000AAQ"), Optional.empty(),
              Optional.of("Photo of the damaged box")));
        }),
        new Sample("own contact proves the phone", fixture("update-message-contact.json"), events -> {
          InboundTouch t = onlyTouch(events);
          assertThat(t.externalId()).isEqualTo("5123456789:1368");
          assertThat(t.sender()).containsExactly(ANA, Identity.phoneLenient("+15555550123"));
          assertThat(t.text()).isEmpty();
          assertThat(t.attachments()).containsExactly(new Attachment("contact", Optional.of("tel:+15555550123"),
              Optional.empty(), Optional.empty(), Optional.of("Ana Testova")));
        }),
        new Sample("button press", fixture("update-callback-query.json"), events -> {
          InboundTouch t = onlyTouch(events);
          assertThat(t.externalId()).isEqualTo("734019224");
          assertThat(t.sender()).containsExactly(ANA);
          assertThat(t.text()).contains("Yes");
          assertThat(t.occurredAt()).isEqualTo(NOW);
          assertThat(t.payload().path("data").asText()).isEqualTo("cancel:43:yes");
        }),
        new Sample("edit of the original message", fixture("update-edited-message.json"), events ->
            assertThat(events).containsExactly(MessageChange.edit("5123456789:1365", "Hello, I need help with order 43",
                Instant.ofEpochSecond(1718003521)))),
        new Sample("group message", fixture("update-message-group-text.json"), events -> {
          InboundTouch t = onlyTouch(events);
          assertThat(t.externalId()).isEqualTo("-1001987654321:88");
          assertThat(t.sender()).containsExactly(ANA);
          assertThat(t.text()).contains("@omni_test_bot status please");
          assertThat(t.payload().path("chat").path("id").asLong()).isEqualTo(-1001987654321L);
        }),
        new Sample("command", fixture("update-message-command-start.json"), events ->
            assertThat(onlyTouch(events).text()).contains("/start")));
  }

  @Override
  protected OutboundMessage message() {
    return OutboundMessage.text(ANA, "Your order 43 was cancelled.", "omni-out-1");
  }

  @Override
  protected MockResponse accepted() {
    return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
        .setBody(Fixtures.text("telegram/outbound-sendMessage-response-ok.json"));
  }

  @Override
  protected String acceptedId() {
    return "5123456789:1369";
  }

  @Override
  protected MockResponse rateLimited() {
    return new MockResponse().setResponseCode(429).setBody(
        "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 0\",\"parameters\":{\"retry_after\":0}}");
  }

  @Override
  protected MockResponse permanentError() {
    return new MockResponse().setResponseCode(403).setBody(Fixtures.text("telegram/outbound-error-403-blocked.json"));
  }

  @Override
  protected void assertSendRequest(RecordedRequest request) {
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getPath()).isEqualTo("/bot" + TOKEN + "/sendMessage");
    try {
      assertThat(JSON.readTree(request.getBody().readUtf8()))
          .isEqualTo(JSON.readTree(Fixtures.bytes("telegram/outbound-sendMessage-request.json")));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  // ------------------------------------------------------------------ Telegram specifics

  private TelegramAdapter adapter() {
    return new TelegramAdapter(config(server.url("/").toString()));
  }

  @Test
  void rateLimitCarriesTheRetryAfterTelegramAsksFor() {
    server.enqueue(new MockResponse().setResponseCode(429).setBody(Fixtures.text("telegram/outbound-error-429.json")));
    assertThatThrownBy(() -> adapter().send(message())).isInstanceOfSatisfying(DeliveryException.class, e -> {
      assertThat(e.reason()).isEqualTo(Reason.RATE_LIMITED);
      assertThat(e.retryAfter()).contains(Duration.ofSeconds(5));
      assertThat(e.providerCode()).contains("429");
      assertThat(e.retryable()).isTrue();
    });
  }

  @Test
  void retryAfterLongerThanTheResilientMaximumIsNotRetriedEarly() {
    server.enqueue(new MockResponse().setResponseCode(429).setBody(Fixtures.text("telegram/outbound-error-429.json")));
    server.enqueue(accepted());
    ResilientAdapter resilient = TelegramAdapter.resilient(adapter()).maxRetryAfter(Duration.ofSeconds(2)).build();
    assertThatThrownBy(() -> resilient.send(message())).isInstanceOfSatisfying(DeliveryException.class,
        e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(5)));
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void blockedByTheUserIsUnreachable() {
    server.enqueue(permanentError());
    assertThatThrownBy(() -> adapter().send(message())).isInstanceOfSatisfying(DeliveryException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.RECIPIENT_UNREACHABLE));
  }

  @Test
  void chatNotFoundIsUnreachable() {
    server.enqueue(new MockResponse().setResponseCode(400)
        .setBody(Fixtures.text("telegram/outbound-error-400-chat-not-found.json")));
    assertThatThrownBy(() -> adapter().send(message())).isInstanceOfSatisfying(DeliveryException.class, e -> {
      assertThat(e.reason()).isEqualTo(Reason.RECIPIENT_UNREACHABLE);
      assertThat(e.providerCode()).contains("400");
    });
  }

  @Test
  void oneAttachmentIsSentWithTheTextAsCaption() throws Exception {
    server.enqueue(accepted());
    Attachment photo = new Attachment("image", Optional.of("https://shop.example.com/p/43.jpg"), Optional.empty(),
        Optional.empty(), Optional.empty());
    adapter().send(new OutboundMessage(ANA, Optional.of("Your parcel"), List.of(photo), Optional.empty(), "k-2"));
    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getPath()).isEqualTo("/bot" + TOKEN + "/sendPhoto");
    assertThat(JSON.readTree(sent.getBody().readUtf8())).isEqualTo(JSON.readTree(
        "{\"chat_id\":5123456789,\"photo\":\"https://shop.example.com/p/43.jpg\",\"caption\":\"Your parcel\"}"));
  }

  @Test
  void recipientOfAnotherKindIsRejectedWithoutACall() {
    OutboundMessage toPhone = OutboundMessage.text(Identity.phoneLenient("+15555550123"), "hi", "k-3");
    assertThatThrownBy(() -> adapter().send(toPhone)).isInstanceOfSatisfying(DeliveryException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.REJECTED));
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void contactOfSomeoneElseDoesNotProveThePhone() {
    String body = Fixtures.text("telegram/update-message-contact.json").replace("\"user_id\": 5123456789", "\"user_id\": 42");
    InboundTouch t = (InboundTouch) adapter().parse(signed(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))).get(0);
    assertThat(t.sender()).containsExactly(ANA);
    assertThat(t.attachments()).extracting(Attachment::url).containsExactly(Optional.of("tel:+15555550123"));
  }

  @Test
  void messagesFromBotsAreIgnored() {
    String body = Fixtures.text("telegram/update-message-text.json").replaceFirst("\"is_bot\": false", "\"is_bot\": true");
    assertThat(adapter().parse(signed(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
        .containsExactly(new IgnoredEvent("message", "sent by a bot"));
  }

  @Test
  void secretTokenMustBeWhatTelegramAccepts() {
    assertThatThrownBy(() -> TelegramConfig.builder(TOKEN, "has space")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("secretToken");
    assertThat(config("http://localhost/").toString()).doesNotContain(SECRET).doesNotContain("AAtest");
  }

  @Test
  void aBlankSecretHeaderIsAMissingSignatureLikeEveryOtherAdapters() {
    TelegramAdapter adapter = new TelegramAdapter(config("http://localhost/"));
    for (String blank : List.of("", " ", "\t ")) {
      assertThatThrownBy(() -> adapter.verify(request(Fixtures.bytes("telegram/update-message-text.json"), blank)))
          .isInstanceOfSatisfying(SignatureException.class, e -> assertThat(e.missing()).as("'%s'", blank).isTrue());
    }
    OmniTenant shop = Omni.builder().adapter(adapter).build().tenant("acme");
    assertThat(shop.webhooks().process("telegram", request(Fixtures.bytes("telegram/update-message-text.json"), "  "))
        .response().status()).isEqualTo(401);
  }
}
