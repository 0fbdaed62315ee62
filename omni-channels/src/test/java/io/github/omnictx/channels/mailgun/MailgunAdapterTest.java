package io.github.omnictx.channels.mailgun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.omnictx.channels.Fixtures;
import io.github.omnictx.channels.ResilientAdapter;
import io.github.omnictx.channels.internal.Hmac;
import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.Omni;
import io.github.omnictx.core.OmniTenant;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.channel.spi.Attachment;
import io.github.omnictx.core.channel.spi.DeliveryException;
import io.github.omnictx.core.channel.spi.DeliveryException.Reason;
import io.github.omnictx.core.channel.spi.DeliveryUpdate;
import io.github.omnictx.core.channel.spi.IgnoredEvent;
import io.github.omnictx.core.channel.spi.InboundTouch;
import io.github.omnictx.core.channel.spi.OutboundMessage;
import io.github.omnictx.core.channel.spi.ReplayToken;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.memory.InMemoryStore;
import io.github.omnictx.core.spi.OmniStore;
import io.github.omnictx.core.testing.MutableClock;
import io.github.omnictx.core.timeline.DeliveryStatus;
import io.github.omnictx.core.webhook.FormData;
import io.github.omnictx.core.webhook.SignatureException;
import io.github.omnictx.core.webhook.WebhookRequest;
import io.github.omnictx.core.webhook.WebhookResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Mailgun specifics: replay protection, event mapping, multipart forwards, send classification. */
class MailgunAdapterTest {
  private MockWebServer server;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() throws IOException {
    server.shutdown();
  }

  private MailgunAdapter adapter(Clock clock) {
    return new MailgunAdapter(MailgunTesting.config(server.url("/").toString(), clock).build());
  }

  private static Clock at(long epochSecond) {
    return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
  }

  @Test
  void recordedSignatureIsTheHmacOfTimestampAndToken() {
    assertThat(Hmac.sha256Hex(MailgunTesting.SIGNING_KEY, "1718003400c2d7e1a0b9f84e6d7c3b2a1908f7e6d5c4b3a2918f7e6d5c4b"))
        .isEqualTo("d221e36a4e68c15fd36e43a7f0ee9f2ecacbadd3ec6d3f1845651f166511c53e");
  }

  @Test
  void recordedEventWebhooksVerifyAsSent() {
    MailgunAdapter adapter = adapter(MailgunTesting.CLOCK);
    adapter.verify(MailgunTesting.recorded("mailgun/event-delivered.json"));
    adapter.verify(MailgunTesting.recorded("mailgun/event-failed-permanent.json"));
  }

  @Test
  void aTimestampOlderThanTheReplayWindowFailsVerification() {
    WebhookRequest route = MailgunTesting.recorded("mailgun/inbound-route.form"); // timestamp 1718003400
    adapter(at(1718003400 + 300)).verify(route);
    assertThatThrownBy(() -> adapter(at(1718003400 + 301)).verify(route))
        .isInstanceOfSatisfying(SignatureException.class, e -> {
          assertThat(e.missing()).isFalse();
          assertThat(e).hasMessageContaining("replay window");
        });
  }

  @Test
  void aTimestampFromTheFutureBeyondTheWindowFailsVerification() {
    assertThatThrownBy(() -> adapter(at(1718003400 - 301)).verify(MailgunTesting.recorded("mailgun/inbound-route.form")))
        .isInstanceOf(SignatureException.class);
  }

  @Test
  void theReplayWindowIsConfigurableAndFollowsTheClock() {
    MutableClock clock = new MutableClock(Instant.ofEpochSecond(1718003400));
    MailgunAdapter adapter = new MailgunAdapter(MailgunTesting.config(server.url("/").toString(), clock)
        .replayWindow(Duration.ofMinutes(10)).build());
    WebhookRequest route = MailgunTesting.recorded("mailgun/inbound-route.form");
    clock.advance(Duration.ofMinutes(9));
    adapter.verify(route);
    clock.advance(Duration.ofMinutes(2));
    assertThatThrownBy(() -> adapter.verify(route)).isInstanceOf(SignatureException.class);
  }

  @Test
  void byDefaultARedeliveredRequestVerifiesAgain() {
    MailgunAdapter adapter = adapter(MailgunTesting.CLOCK);
    WebhookRequest route = MailgunTesting.recorded("mailgun/inbound-route.form");
    adapter.verify(route);
    adapter.verify(route);
    assertThat(adapter.parse(route)).isEqualTo(adapter.parse(route));
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** A route forward whose content is forged under the signature fields of {@code original}. */
  private static WebhookRequest forged(WebhookRequest original, String from, String messageId, String text) {
    String body = "from=" + enc(from) + "&sender=" + enc(from) + "&Message-Id="
        + enc(messageId) + "&subject=Refund&stripped-text=" + enc(text)
        + "&timestamp=" + MailgunTesting.field(original, "timestamp") + "&token=" + MailgunTesting.field(original, "token")
        + "&signature=" + MailgunTesting.field(original, "signature");
    return WebhookRequest.builder("POST", MailgunTesting.URL).header("Content-Type", "application/x-www-form-urlencoded")
        .body(body).build();
  }

  private OmniTenant node(OmniStore store) {
    return Omni.builder().store(store).clock(MailgunTesting.CLOCK).adapter(adapter(MailgunTesting.CLOCK)).build()
        .tenant("acme");
  }

  @Test
  void aCapturedSignatureReplayedWithAnotherSenderIsRefusedOnEveryNodeAndAfterARestart() {
    InMemoryStore store = new InMemoryStore();
    OmniTenant node1 = node(store);
    OmniTenant node2 = node(store);
    WebhookRequest genuine = MailgunTesting.recorded("mailgun/inbound-route.form");
    WebhookRequest forgery = forged(genuine, "Mallory <mallory@example.net>", "<forged-1@example.net>",
        "Please send the refund to my new account");

    WebhookResult first = node1.webhooks().process("mailgun", genuine);
    assertThat(first.response().status()).isEqualTo(200);
    assertThat(first.recorded()).hasSize(1);
    assertThat(node1.webhooks().handle("mailgun", forgery).status()).isEqualTo(403);
    assertThat(node2.webhooks().handle("mailgun", forgery).status()).as("another node").isEqualTo(403);
    assertThat(node(store).webhooks().handle("mailgun", forgery).status()).as("a node started later").isEqualTo(403);

    WebhookResult redelivery = node2.webhooks().process("mailgun", genuine);
    assertThat(redelivery.response().status()).isEqualTo(200);
    assertThat(redelivery.duplicates()).isEqualTo(1);
    assertThat(node2.customers().findByIdentity(Identity.email("mallory@example.net"))).isEmpty();
    assertThat(node2.timeline().findByExternalId(Channels.EMAIL.id(), "forged-1@example.net")).isEmpty();
  }

  @Test
  void wrappedInAResilientAdapterTheReplayGuardStillHolds() {
    OmniTenant shop = Omni.builder().clock(MailgunTesting.CLOCK)
        .adapter(ResilientAdapter.builder(adapter(MailgunTesting.CLOCK)).build()).build().tenant("acme");
    WebhookRequest genuine = MailgunTesting.recorded("mailgun/inbound-route.form");
    WebhookRequest forgery = forged(genuine, "Mallory <mallory@example.net>", "<forged-3@example.net>", "refund me");

    assertThat(shop.webhooks().process("mailgun", genuine).recorded()).hasSize(1);
    assertThat(shop.webhooks().handle("mailgun", forgery).status()).isEqualTo(403);
    assertThat(shop.customers().findByIdentity(Identity.email("mallory@example.net"))).isEmpty();
  }

  @Test
  void aForgeryArrivingFirstTakesTheTokenOnlyIfItsSignatureHolds() {
    InMemoryStore store = new InMemoryStore();
    OmniTenant shop = node(store);
    WebhookRequest genuine = MailgunTesting.recorded("mailgun/inbound-route.form");
    WebhookRequest badSignature = MailgunTesting.withSignatureField(
        forged(genuine, "mallory@example.net", "<forged-2@example.net>", "hi"), "signature", "00");
    assertThat(shop.webhooks().handle("mailgun", badSignature).status()).isEqualTo(403);
    assertThat(shop.webhooks().process("mailgun", genuine).recorded()).as("the failed forgery did not burn the token")
        .hasSize(1);
  }

  @Test
  void theContentDigestIgnoresFieldOrderAndMultipartBoundaryButNotContent() {
    MailgunAdapter adapter = adapter(MailgunTesting.CLOCK);
    WebhookRequest route = MailgunTesting.recorded("mailgun/inbound-route.form");
    List<String> fields = List.of(route.bodyText().split("&"));
    List<String> reversed = new java.util.ArrayList<>(fields);
    java.util.Collections.reverse(reversed);
    WebhookRequest reordered = WebhookRequest.builder("POST", MailgunTesting.URL)
        .header("Content-Type", "application/x-www-form-urlencoded").body(String.join("&", reversed)).build();
    ReplayToken token = adapter.replayToken(route).orElseThrow();
    assertThat(adapter.replayToken(reordered).orElseThrow()).isEqualTo(token);
    assertThat(token.expiresAt()).isEqualTo(Instant.ofEpochSecond(1718003400 + 300));
    assertThat(adapter.replayToken(forged(route, "mallory@example.net", "<f@x>", "x")).orElseThrow().contentDigest())
        .isNotEqualTo(token.contentDigest());

    WebhookRequest a = multipart("b0undary-1", "invoice.pdf", "PDF-1");
    WebhookRequest b = multipart("other-boundary", "invoice.pdf", "PDF-1");
    WebhookRequest c = multipart("b0undary-1", "invoice.pdf", "PDF-2");
    assertThat(adapter.replayToken(a)).isEqualTo(adapter.replayToken(b));
    assertThat(adapter.replayToken(a).orElseThrow().contentDigest()).isNotEqualTo(adapter.replayToken(c).orElseThrow().contentDigest());
  }

  private static WebhookRequest multipart(String boundary, String fileName, String content) {
    Map<String, String> fields = new java.util.LinkedHashMap<>();
    fields.put("from", "omar@example.net");
    fields.put("Message-Id", "<multi-9@mail.example.net>");
    fields.put("timestamp", "1718003600");
    fields.put("token", "tok-multipart");
    fields.put("signature", Hmac.sha256Hex(MailgunTesting.SIGNING_KEY, "1718003600tok-multipart"));
    StringBuilder body = new StringBuilder();
    fields.forEach((k, v) -> body.append("--").append(boundary).append("\r\n")
        .append("Content-Disposition: form-data; name=\"").append(k).append("\"\r\n\r\n").append(v).append("\r\n"));
    body.append("--").append(boundary).append("\r\n").append("Content-Disposition: form-data; name=\"attachment-1\"; filename=\"")
        .append(fileName).append("\"\r\nContent-Type: application/pdf\r\n\r\n").append(content).append("\r\n");
    body.append("--").append(boundary).append("--\r\n");
    return WebhookRequest.builder("POST", MailgunTesting.URL).header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .body(body.toString()).build();
  }

  @Test
  void aMissingFieldIsAMissingSignature() {
    for (String field : List.of("timestamp", "token", "signature")) {
      WebhookRequest req = MailgunTesting.withSignatureField(MailgunTesting.recorded("mailgun/event-delivered.json"), field, null);
      assertThatThrownBy(() -> adapter(MailgunTesting.CLOCK).verify(req))
          .isInstanceOfSatisfying(SignatureException.class, e -> assertThat(e.missing()).isTrue());
    }
  }

  private static WebhookRequest event(String json) {
    return MailgunTesting.signed(json.getBytes(StandardCharsets.UTF_8), MailgunTesting.NOW);
  }

  @Test
  void eventsMapToDeliveryStatusesOrAreIgnored() {
    MailgunAdapter adapter = adapter(MailgunTesting.CLOCK);
    String template = "{\"event-data\":{\"event\":\"%s\",%s\"timestamp\":1718003500.25,"
        + "\"message\":{\"headers\":{\"message-id\":\"<m1@mg.example.org>\"}}}}";
    assertThat(adapter.parse(event(String.format(template, "opened", "")))).containsExactly(new DeliveryUpdate(
        "m1@mg.example.org", DeliveryStatus.READ, Instant.ofEpochSecond(1718003500, 250_000_000), Optional.empty(),
        Optional.empty()));
    assertThat(adapter.parse(event(String.format(template, "accepted", ""))))
        .singleElement().extracting(e -> ((DeliveryUpdate) e).status()).isEqualTo(DeliveryStatus.SENT);
    assertThat(adapter.parse(event(String.format(template, "failed", "\"severity\":\"temporary\","))))
        .singleElement().isInstanceOf(IgnoredEvent.class);
    assertThat(adapter.parse(event(String.format(template, "clicked", ""))))
        .singleElement().isInstanceOfSatisfying(IgnoredEvent.class, e -> assertThat(e.kind()).isEqualTo("clicked"));
  }

  @Test
  void anEventWithoutAMessageIdIsInvalidInput() {
    WebhookRequest req = event("{\"event-data\":{\"event\":\"delivered\",\"timestamp\":1718003500,\"message\":{\"headers\":{}}}}");
    assertThatThrownBy(() -> adapter(MailgunTesting.CLOCK).parse(req)).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void multipartForwardsKeepTheirFieldsAndListTheirFiles() {
    String boundary = "b0undary";
    String form = MailgunTesting.signed("x=1".getBytes(StandardCharsets.UTF_8), MailgunTesting.NOW).bodyText();
    Map<String, List<String>> sig = FormData.parse(form);
    StringBuilder body = new StringBuilder();
    Map<String, String> fields = new java.util.LinkedHashMap<>();
    fields.put("from", "\"Test, Omar\" <omar@example.net>");
    fields.put("subject", "Invoice");
    fields.put("Message-Id", "<multi-1@mail.example.net>");
    fields.put("stripped-text", "Invoice attached, grüße");
    fields.put("attachment-count", "1");
    fields.put("timestamp", sig.get("timestamp").get(0));
    fields.put("token", sig.get("token").get(0));
    fields.put("signature", sig.get("signature").get(0));
    fields.forEach((k, v) -> body.append("--").append(boundary).append("\r\n")
        .append("Content-Disposition: form-data; name=\"").append(k).append("\"\r\n\r\n").append(v).append("\r\n"));
    body.append("--").append(boundary).append("\r\n")
        .append("Content-Disposition: form-data; name=\"attachment-1\"; filename=\"invoice.pdf\"\r\n")
        .append("Content-Type: application/pdf\r\n\r\n%PDF-1.4 binary\r\n")
        .append("--").append(boundary).append("--\r\n");
    WebhookRequest req = WebhookRequest.builder("POST", MailgunTesting.URL)
        .header("Content-Type", "multipart/form-data; boundary=" + boundary).body(body.toString()).build();
    MailgunAdapter adapter = adapter(MailgunTesting.CLOCK);
    adapter.verify(req);
    InboundTouch t = (InboundTouch) adapter.parse(req).get(0);
    assertThat(t.externalId()).isEqualTo("multi-1@mail.example.net");
    assertThat(t.sender()).containsExactly(Identity.email("omar@example.net"));
    assertThat(t.senderName()).contains("Test, Omar");
    assertThat(t.text()).contains("Invoice attached, grüße");
    assertThat(t.attachments()).containsExactly(new Attachment("file", Optional.empty(), Optional.empty(),
        Optional.of("application/pdf"), Optional.of("invoice.pdf")));
  }

  @Test
  void storedMessageAttachmentsBecomeLinks() {
    String attachments = "[{\"url\":\"https://storage.mailgun.net/v3/domains/x/messages/k/attachments/0\","
        + "\"content-type\":\"image/png\",\"name\":\"photo.png\",\"size\":1234}]";
    String form = "from=ana.test%40example.com&Message-Id=%3Cs1%40x%3E&attachments="
        + java.net.URLEncoder.encode(attachments, StandardCharsets.UTF_8);
    InboundTouch t = (InboundTouch) adapter(MailgunTesting.CLOCK)
        .parse(MailgunTesting.signed(form.getBytes(StandardCharsets.UTF_8), MailgunTesting.NOW)).get(0);
    assertThat(t.attachments()).containsExactly(new Attachment("image",
        Optional.of("https://storage.mailgun.net/v3/domains/x/messages/k/attachments/0"), Optional.empty(),
        Optional.of("image/png"), Optional.of("photo.png")));
  }

  @Test
  void theEnvelopeSenderIsUsedWhenFromIsNoAddress() {
    String form = "from=undisclosed&sender=bounce%40example.com&Message-Id=%3Cs2%40x%3E";
    InboundTouch t = (InboundTouch) adapter(MailgunTesting.CLOCK)
        .parse(MailgunTesting.signed(form.getBytes(StandardCharsets.UTF_8), MailgunTesting.NOW)).get(0);
    assertThat(t.sender()).containsExactly(Identity.email("bounce@example.com"));
  }

  @Test
  void malformedMessageHeadersAreInvalidInput() {
    String form = "from=ana.test%40example.com&message-headers=%5B1%2C2%5D";
    assertThatThrownBy(() -> adapter(MailgunTesting.CLOCK)
        .parse(MailgunTesting.signed(form.getBytes(StandardCharsets.UTF_8), MailgunTesting.NOW)))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("message-headers"));
  }

  private DeliveryException sendFailing(MockResponse response) {
    server.enqueue(response);
    return (DeliveryException) catchThrowable(() -> adapter(MailgunTesting.CLOCK)
        .send(OutboundMessage.text(Identity.email("ana.test@example.com"), "hi", "omni-1")));
  }

  @Test
  void sendErrorsAreClassifiedByStatus() {
    assertThat(sendFailing(new MockResponse().setResponseCode(429).setBody("{\"message\":\"slow down\"}")).reason())
        .isEqualTo(Reason.RATE_LIMITED);
    assertThat(sendFailing(new MockResponse().setResponseCode(500)).reason()).isEqualTo(Reason.TEMPORARY);
    assertThat(sendFailing(new MockResponse().setResponseCode(401).setBody("Forbidden")).reason())
        .isEqualTo(Reason.UNAUTHORIZED);
    assertThat(sendFailing(new MockResponse().setResponseCode(403).setBody("{\"message\":\"Invalid private key\"}")).reason())
        .isEqualTo(Reason.UNAUTHORIZED);
    DeliveryException bad = sendFailing(new MockResponse().setResponseCode(400)
        .setBody(Fixtures.text("mailgun/outbound-error-400.json")));
    assertThat(bad.reason()).isEqualTo(Reason.REJECTED);
    assertThat(bad).hasMessageContaining("'from' parameter is missing");
  }

  @Test
  void theSentIdMatchesTheIdEventsReportLater() throws Exception {
    server.enqueue(new MockResponse().setBody(Fixtures.text("mailgun/outbound-send-response-ok.json")));
    MailgunAdapter adapter = adapter(MailgunTesting.CLOCK);
    String sent = adapter.send(OutboundMessage.text(Identity.email("ana.test@example.com"),
        "Your order 42 has shipped.\nTrack it online.", "omni-1")).messageId();
    DeliveryUpdate later = (DeliveryUpdate) adapter.parse(MailgunTesting.recorded("mailgun/event-delivered.json")).get(0);
    assertThat(sent).isEqualTo(later.messageId());
    Map<String, List<String>> form = FormData.parse(server.takeRequest().getBody().readUtf8());
    assertThat(form).containsEntry("subject", List.of("Your order 42 has shipped."))
        .containsEntry("v:omni_id", List.of("omni-1"));
  }

  @Test
  void aRecipientThatIsNoEmailIsRejectedWithoutCallingMailgun() {
    assertThatThrownBy(() -> adapter(MailgunTesting.CLOCK).send(OutboundMessage.text(Identity.phoneLenient("+15551234567"), "hi", "o")))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REJECTED));
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void emailAddressesAreParsedWithAndWithoutNames() {
    assertThat(EmailAddress.parse("Ana Test <ana@example.com>")).isEqualTo(new EmailAddress("ana@example.com", Optional.of("Ana Test")));
    assertThat(EmailAddress.parse("\"Doe, \\\"J\\\"\" <j@example.com>"))
        .isEqualTo(new EmailAddress("j@example.com", Optional.of("Doe, \"J\"")));
    assertThat(EmailAddress.parse(" ana@example.com ")).isEqualTo(new EmailAddress("ana@example.com", Optional.empty()));
    assertThat(EmailAddress.parse("<ana@example.com>")).isEqualTo(new EmailAddress("ana@example.com", Optional.empty()));
    assertThat(EmailAddress.bare("<a@b>")).isEqualTo("a@b");
    assertThat(EmailAddress.bare("a@b")).isEqualTo("a@b");
  }
}
