package io.github.omnictx.channels.twilio;

import static io.github.omnictx.channels.twilio.TwilioTesting.NOW;
import static io.github.omnictx.channels.twilio.TwilioTesting.RECORDED_TOKEN;
import static io.github.omnictx.channels.twilio.TwilioTesting.RECORDED_URL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.omnictx.channels.Fixtures;
import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.channel.spi.DeliveryException;
import io.github.omnictx.core.channel.spi.DeliveryException.Reason;
import io.github.omnictx.core.channel.spi.DeliveryUpdate;
import io.github.omnictx.core.channel.spi.InboundTouch;
import io.github.omnictx.core.channel.spi.OutboundMessage;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.IdentityKind;
import io.github.omnictx.core.timeline.DeliveryStatus;
import io.github.omnictx.core.webhook.FormData;
import io.github.omnictx.core.webhook.SignatureException;
import io.github.omnictx.core.webhook.WebhookRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Twilio specifics: the signature scheme's corners, WhatsApp over Twilio, error classification. */
class TwilioAdapterTest {
  private static final String PUBLISHED_URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
  private static final String PUBLISHED_BODY =
      "CallSid=CA1234567890ABCDE&Caller=%2B12349013030&Digits=1234&From=%2B12349013030&To=%2B18005551212";

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

  private TwilioAdapter sms(String token) {
    return TwilioTesting.adapter(token, Channels.SMS, server.url("/").toString());
  }

  private TwilioAdapter whatsapp() {
    return TwilioTesting.adapter(RECORDED_TOKEN, Channels.WHATSAPP, server.url("/").toString());
  }

  private static WebhookRequest request(String url, String signature, String body) {
    return WebhookRequest.builder("POST", url).header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-Twilio-Signature", signature).body(body).build();
  }

  @Test
  void publishedVectorComputesAndVerifies() {
    assertThat(TwilioSignature.compute("12345", PUBLISHED_URL, FormData.parse(PUBLISHED_BODY)))
        .isEqualTo("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
    sms("12345").verify(request(PUBLISHED_URL, "0/KCTR6DLpKmkAf8muzZqo1nDgQ=", PUBLISHED_BODY));
  }

  @Test
  void parameterOrderInTheBodyDoesNotMatterBecauseTwilioSortsByName() {
    String reversed = "To=%2B18005551212&From=%2B12349013030&Digits=1234&Caller=%2B12349013030&CallSid=CA1234567890ABCDE";
    sms("12345").verify(request(PUBLISHED_URL, "0/KCTR6DLpKmkAf8muzZqo1nDgQ=", reversed));
  }

  @Test
  void aChangedParameterFailsVerification() {
    String changed = PUBLISHED_BODY.replace("Digits=1234", "Digits=1235");
    assertThatThrownBy(() -> sms("12345").verify(request(PUBLISHED_URL, "0/KCTR6DLpKmkAf8muzZqo1nDgQ=", changed)))
        .isInstanceOfSatisfying(SignatureException.class, e -> assertThat(e.missing()).isFalse());
  }

  @Test
  void anAddedParameterFailsVerification() {
    assertThatThrownBy(() -> sms("12345").verify(request(PUBLISHED_URL, "0/KCTR6DLpKmkAf8muzZqo1nDgQ=",
        PUBLISHED_BODY + "&Extra=1"))).isInstanceOf(SignatureException.class);
  }

  @Test
  void theQueryStringIsPartOfTheSignedUrl() {
    assertThatThrownBy(() -> sms("12345").verify(request("https://mycompany.com/myapp.php",
        "0/KCTR6DLpKmkAf8muzZqo1nDgQ=", PUBLISHED_BODY))).isInstanceOf(SignatureException.class);
    assertThatThrownBy(() -> sms("12345").verify(request("https://mycompany.com/myapp.php?bar=2&foo=1",
        "0/KCTR6DLpKmkAf8muzZqo1nDgQ=", PUBLISHED_BODY))).isInstanceOf(SignatureException.class);
  }

  @Test
  void thePortMayBeAddedByAProxyAndIsRemovedAsTwiliosLibrariesRemoveIt() {
    sms("12345").verify(request("https://mycompany.com:443/myapp.php?foo=1&bar=2", "0/KCTR6DLpKmkAf8muzZqo1nDgQ=",
        PUBLISHED_BODY));
    // a non-default port the signature does not cover: Twilio's libraries remove any port, so do we
    sms("12345").verify(request("https://mycompany.com:8443/myapp.php?foo=1&bar=2", "0/KCTR6DLpKmkAf8muzZqo1nDgQ=",
        PUBLISHED_BODY));
    // but another host, path or port signed is still another URL
    String signedOn9443 = TwilioSignature.compute("12345", "https://mycompany.com:9443/myapp.php?foo=1&bar=2",
        FormData.parse(PUBLISHED_BODY));
    assertThatThrownBy(() -> sms("12345").verify(request("https://mycompany.com:8443/myapp.php?foo=1&bar=2",
        signedOn9443, PUBLISHED_BODY))).isInstanceOf(SignatureException.class);
    assertThatThrownBy(() -> sms("12345").verify(request("https://mycompany.com/myapp.php?foo=1&bar=2",
        signedOn9443, PUBLISHED_BODY))).isInstanceOf(SignatureException.class);
  }

  @Test
  void aQuoteSignedAsSentOrPercentEncodedVerifiesEitherWayAndNothingElseDoes() {
    String raw = "https://mycompany.com/myapp.php?name=O'Brien";
    String encoded = "https://mycompany.com/myapp.php?name=O%27Brien";
    String signedRaw = TwilioSignature.compute("12345", raw, FormData.parse(PUBLISHED_BODY));
    String signedEncoded = TwilioSignature.compute("12345", encoded, FormData.parse(PUBLISHED_BODY));

    sms("12345").verify(request(raw, signedEncoded, PUBLISHED_BODY));
    sms("12345").verify(request(encoded, signedRaw, PUBLISHED_BODY));
    sms("12345").verify(request("https://mycompany.com:443/myapp.php?name=O'Brien", signedEncoded, PUBLISHED_BODY));
    // other percent-encodings are not interchangeable: Twilio's libraries do not treat them so
    String space = TwilioSignature.compute("12345", "https://mycompany.com/myapp.php?name=O Brien",
        FormData.parse(PUBLISHED_BODY));
    assertThatThrownBy(() -> sms("12345").verify(request("https://mycompany.com/myapp.php?name=O%20Brien", space,
        PUBLISHED_BODY))).isInstanceOf(SignatureException.class);
  }

  @Test
  void theWrongAuthTokenFailsVerification() {
    assertThatThrownBy(() -> sms("54321").verify(request(PUBLISHED_URL, "0/KCTR6DLpKmkAf8muzZqo1nDgQ=",
        PUBLISHED_BODY))).isInstanceOf(SignatureException.class);
  }

  @Test
  void recordedSmsVectorVerifies() {
    sms(RECORDED_TOKEN).verify(request(RECORDED_URL, "YRrxOLlNx8y/zvNbA3U265Ui+do=",
        Fixtures.text("twilio/inbound-sms.form")));
  }

  @Test
  void jsonWebhooksAreCheckedByTheirBodyHash() throws Exception {
    String body = "{\"MessageSid\":\"SM1\"}";
    String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
    String url = "https://omni.example.org/hook?bodySHA256=" + hash;
    String signature = TwilioSignature.compute(RECORDED_TOKEN, url, Map.of());
    WebhookRequest ok = WebhookRequest.builder("POST", url).header("Content-Type", "application/json")
        .header("X-Twilio-Signature", signature).body(body).build();
    sms(RECORDED_TOKEN).verify(ok);
    WebhookRequest changed = WebhookRequest.builder("POST", url).header("Content-Type", "application/json")
        .header("X-Twilio-Signature", signature).body(body.replace("SM1", "SM2")).build();
    assertThatThrownBy(() -> sms(RECORDED_TOKEN).verify(changed)).isInstanceOf(SignatureException.class);
  }

  @Test
  void whatsappMessageCarriesTheWhatsappIdThenThePhone() {
    TwilioAdapter adapter = whatsapp();
    WebhookRequest req = TwilioTesting.signed(RECORDED_TOKEN, RECORDED_URL, Fixtures.bytes("twilio/inbound-whatsapp.form"));
    adapter.verify(req);
    InboundTouch t = (InboundTouch) adapter.parse(req).get(0);
    assertThat(adapter.id()).isEqualTo("twilio-whatsapp");
    assertThat(adapter.channel()).isEqualTo(Channels.WHATSAPP.id());
    assertThat(t.externalId()).isEqualTo("SM3c4d5e6f708192a3b4c5d6e7f8091a2b");
    assertThat(t.sender()).containsExactly(Identity.of(IdentityKind.WHATSAPP, "15551234567"),
        Identity.phoneLenient("+15551234567"));
    assertThat(t.senderName()).contains("Ana Test");
    assertThat(t.text()).contains("Olá! Can I change my delivery address?");
    assertThat(t.occurredAt()).isEqualTo(NOW);
  }

  @Test
  void whatsappLocationBecomesAGeoAttachment() {
    String body = "MessageSid=SM1&From=whatsapp%3A%2B15551234567&WaId=15551234567&NumMedia=0&MessageType=location"
        + "&Latitude=52.5200&Longitude=13.4050&Address=Alexanderplatz";
    InboundTouch t = (InboundTouch) whatsapp().parse(TwilioTesting.signed(RECORDED_TOKEN, RECORDED_URL,
        body.getBytes(StandardCharsets.UTF_8))).get(0);
    assertThat(t.attachments()).singleElement().satisfies(a -> {
      assertThat(a.kind()).isEqualTo("location");
      assertThat(a.url()).contains("geo:52.5200,13.4050");
      assertThat(a.caption()).contains("Alexanderplatz");
    });
  }

  @Test
  void aWhatsappMessageOnTheSmsAdapterIsRejected() {
    WebhookRequest req = TwilioTesting.signed(RECORDED_TOKEN, RECORDED_URL, Fixtures.bytes("twilio/inbound-whatsapp.form"));
    assertThatThrownBy(() -> sms(RECORDED_TOKEN).parse(req))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("From"));
  }

  @Test
  void wrongContentTypeIsInvalidInput() {
    WebhookRequest req = WebhookRequest.builder("POST", RECORDED_URL).header("Content-Type", "text/plain")
        .body(Fixtures.bytes("twilio/inbound-sms.form")).build();
    assertThatThrownBy(() -> sms(RECORDED_TOKEN).parse(req))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("content-type"));
  }

  @Test
  void malformedFormDataIsInvalidInput() {
    WebhookRequest req = TwilioTesting.signed(RECORDED_TOKEN, RECORDED_URL, "MessageSid=SM1&From=%ZZ".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> sms(RECORDED_TOKEN).parse(req)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> sms(RECORDED_TOKEN).verify(req)).isInstanceOf(SignatureException.class);
  }

  @Test
  void numMediaWithoutItsUrlIsInvalidInput() {
    WebhookRequest req = TwilioTesting.signed(RECORDED_TOKEN, RECORDED_URL,
        "MessageSid=MM1&From=%2B15551234567&NumMedia=2&MediaUrl0=https%3A%2F%2Fx%2F1".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> sms(RECORDED_TOKEN).parse(req))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("MediaUrl1"));
  }

  @Test
  void aNulOrAnUnstorableNumberInAFormIsInvalidInputNamingTheField() {
    WebhookRequest nul = TwilioTesting.signed(RECORDED_TOKEN, RECORDED_URL,
        "MessageSid=SM1&From=%2B15551234567&Body=hi%00there&NumMedia=0".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> sms(RECORDED_TOKEN).parse(nul)).isInstanceOfSatisfying(InvalidInputException.class, e -> {
      assertThat(e.field()).isEqualTo("Body");
      assertThat(e).hasMessage("Body must not contain the NUL character (U+0000 at index 2)");
    });
    WebhookRequest sid = TwilioTesting.signed(RECORDED_TOKEN, RECORDED_URL,
        "MessageSid=SM%00&From=%2B15551234567&NumMedia=0".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> sms(RECORDED_TOKEN).parse(sid))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("MessageSid"));
  }

  @Test
  void statusCallbacksMapEveryTwilioStatus() {
    Map<String, DeliveryStatus> expected = Map.of("queued", DeliveryStatus.SENT, "sent", DeliveryStatus.SENT,
        "delivered", DeliveryStatus.DELIVERED, "read", DeliveryStatus.READ, "undelivered", DeliveryStatus.FAILED,
        "failed", DeliveryStatus.FAILED);
    expected.forEach((status, mapped) -> {
      WebhookRequest req = TwilioTesting.signed(RECORDED_TOKEN, RECORDED_URL,
          ("MessageSid=SM9&MessageStatus=" + status + "&ErrorCode=30008").getBytes(StandardCharsets.UTF_8));
      assertThat(sms(RECORDED_TOKEN).parse(req)).containsExactly(
          new DeliveryUpdate("SM9", mapped, NOW, Optional.of("30008"), Optional.empty()));
    });
  }

  private DeliveryException sendFailing(MockResponse response) {
    server.enqueue(response);
    return (DeliveryException) org.assertj.core.api.Assertions.catchThrowable(() -> sms(RECORDED_TOKEN)
        .send(OutboundMessage.text(Identity.phoneLenient("+15551234567"), "hi", "omni-1")));
  }

  private static MockResponse error(int status, String fixture) {
    return new MockResponse().setResponseCode(status).setBody(Fixtures.text(fixture));
  }

  @Test
  void sendErrorsAreClassifiedByTwilioCode() {
    DeliveryException limited = sendFailing(error(429, "twilio/outbound-error-20429.json").setHeader("Retry-After", "3"));
    assertThat(limited.reason()).isEqualTo(Reason.RATE_LIMITED);
    assertThat(limited.providerCode()).contains("20429");
    assertThat(limited.retryAfter()).contains(java.time.Duration.ofSeconds(3));
    assertThat(sendFailing(error(401, "twilio/outbound-error-20003.json")).reason()).isEqualTo(Reason.UNAUTHORIZED);
    DeliveryException invalid = sendFailing(error(400, "twilio/outbound-error-21211.json"));
    assertThat(invalid.reason()).isEqualTo(Reason.RECIPIENT_UNREACHABLE);
    assertThat(invalid.retryable()).isFalse();
    assertThat(sendFailing(error(400, "twilio/outbound-error-21211.json").setBody(
        "{\"code\":21610,\"message\":\"Attempt to send to unsubscribed recipient\",\"status\":400}")).reason())
        .isEqualTo(Reason.RECIPIENT_UNREACHABLE);
    assertThat(sendFailing(new MockResponse().setResponseCode(400).setBody("{\"code\":21602,\"message\":\"Message body is required\"}"))
        .reason()).isEqualTo(Reason.REJECTED);
    assertThat(sendFailing(new MockResponse().setResponseCode(502).setBody("<html>bad gateway</html>")).reason())
        .isEqualTo(Reason.TEMPORARY);
  }

  @Test
  void whatsappSendsAddressBothEndsWithThePrefixAndTemplatesAsContent() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(201).setBody(Fixtures.text("twilio/outbound-send-response-ok.json")));
    OutboundMessage template = new OutboundMessage(Identity.of(IdentityKind.WHATSAPP, "15551234567"), Optional.empty(),
        List.of(), Optional.of(new OutboundMessage.Template("HX0123456789abcdef0123456789abcdef", "en",
            List.of("Ana", "42"))), "omni-7");
    assertThat(whatsapp().send(template).messageId()).isEqualTo("SM9a8b7c6d5e4f30211203f4e5d6c7b8a9");
    Map<String, List<String>> sent = FormData.parse(server.takeRequest().getBody().readUtf8());
    assertThat(sent).containsEntry("To", List.of("whatsapp:+15551234567"))
        .containsEntry("From", List.of("whatsapp:+15557654321"))
        .containsEntry("ContentSid", List.of("HX0123456789abcdef0123456789abcdef"))
        .containsEntry("ContentVariables", List.of("{\"1\":\"Ana\",\"2\":\"42\"}"))
        .doesNotContainKey("Body");
  }

  @Test
  void aRecipientTheChannelCannotAddressIsRejectedWithoutCallingTwilio() {
    assertThatThrownBy(() -> sms(RECORDED_TOKEN).send(OutboundMessage.text(Identity.email("a@example.com"), "hi", "omni-1")))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REJECTED));
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void configNeedsASenderAndRejectsOtherChannels() {
    assertThatThrownBy(() -> TwilioConfig.builder(TwilioTesting.ACCOUNT, "t").build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> TwilioConfig.builder(TwilioTesting.ACCOUNT, "t").channel(Channels.TELEGRAM))
        .hasMessageContaining("channel must be sms or whatsapp");
    assertThatThrownBy(() -> TwilioConfig.builder("AC1", "t")).hasMessageContaining("accountSid");
    assertThat(TwilioConfig.builder(TwilioTesting.ACCOUNT, "secret-token").from("+15557654321").build().toString())
        .doesNotContain("secret-token");
  }
}
