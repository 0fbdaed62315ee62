package io.github.omnictx.channels.vk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.omnictx.channels.Fixtures;
import io.github.omnictx.channels.MessagingAdapterContractTest;
import io.github.omnictx.channels.ResilientAdapter;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.channel.spi.Attachment;
import io.github.omnictx.core.channel.spi.ConsentSignal;
import io.github.omnictx.core.channel.spi.MessageChange;
import io.github.omnictx.core.consent.ConsentStatus;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.channel.spi.DeliveryException;
import io.github.omnictx.core.channel.spi.DeliveryException.Reason;
import io.github.omnictx.core.channel.spi.IgnoredEvent;
import io.github.omnictx.core.channel.spi.InboundEvent;
import io.github.omnictx.core.channel.spi.InboundTouch;
import io.github.omnictx.core.channel.spi.OutboundMessage;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.IdentityKind;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.webhook.FormData;
import io.github.omnictx.core.webhook.SignatureException;
import io.github.omnictx.core.webhook.WebhookRequest;
import io.github.omnictx.core.webhook.WebhookResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

class VkAdapterContractTest extends MessagingAdapterContractTest<VkAdapter> {
  static final long GROUP = 214167102L;
  static final String SECRET = "s3cr3tKey42";
  static final String CODE = "a1b2c3d4";
  static final String TOKEN = "vk1.a.community-token";
  static final Identity ANNA = Identity.of(IdentityKind.VK, "612444319");
  private static final String URL = "https://omni.example.org/webhooks/vk";
  private static final ObjectMapper JSON = new ObjectMapper();

  static final Instant NOW = Instant.parse("2026-12-02T09:00:00Z");

  static VkConfig config(String baseUrl) {
    return VkConfig.builder(GROUP, CODE, SECRET, TOKEN).apiBaseUrl(baseUrl).clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .build();
  }

  @Override
  protected VkAdapter adapter(String baseUrl) {
    return new VkAdapter(config(baseUrl));
  }

  private VkAdapter adapter() {
    return adapter(baseUrl());
  }

  static WebhookRequest request(byte[] body) {
    return WebhookRequest.builder("POST", URL).header("Content-Type", "application/json").body(body).build();
  }

  static WebhookRequest fixture(String name) {
    return request(Fixtures.bytes("vk/" + name));
  }

  @Override
  protected WebhookRequest publishedVector() {
    return fixture("message-new-text.json");
  }

  /** VK signs nothing: it sends the configured secret inside the body, which this puts there. */
  @Override
  protected WebhookRequest signed(byte[] body) {
    try {
      JsonNode root = JSON.readTree(body);
      if (root instanceof ObjectNode o) {
        o.put("secret", SECRET);
        return request(o.toString().getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException notJson) {
      // garbage stays garbage: verify must refuse it cleanly
    }
    return request(body);
  }

  /** The secret with one character changed. */
  @Override
  protected WebhookRequest tampered(WebhookRequest request) {
    String body = new String(request.body(), StandardCharsets.UTF_8);
    assertThat(body).contains("\"secret\":\"" + SECRET + "\"");
    return request(body.replace("\"secret\":\"" + SECRET + "\"", "\"secret\":\"s3cr3tKey43\"")
        .getBytes(StandardCharsets.UTF_8));
  }

  @Override
  protected WebhookRequest unsigned(WebhookRequest request) {
    try {
      ObjectNode root = (ObjectNode) JSON.readTree(request.body());
      root.remove("secret");
      return request(root.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static InboundTouch onlyTouch(List<InboundEvent> events) {
    assertThat(events).hasSize(1).first().isInstanceOf(InboundTouch.class);
    return (InboundTouch) events.get(0);
  }

  @Override
  protected List<Sample> samples() {
    return List.of(
        new Sample("text", fixture("message-new-text.json"), events -> {
          InboundTouch t = onlyTouch(events);
          assertThat(t.externalId()).isEqualTo("4711");
          assertThat(t.sender()).containsExactly(ANNA);
          assertThat(t.senderName()).isEmpty();
          assertThat(t.occurredAt()).isEqualTo(Instant.ofEpochSecond(1733130000L));
          assertThat(t.direction()).isEqualTo(Direction.INBOUND);
          assertThat(t.text()).contains("Здравствуйте! Где мой заказ 100234?");
          assertThat(t.attachments()).isEmpty();
          assertThat(t.payload().path("event_id").asText()).isEqualTo("da1b15e9f6d0c3c8a0c937e048cdd3e2b43794d0");
          assertThat(t.payload().has("secret")).as("the secret is never kept on the timeline").isFalse();
        }),
        new Sample("photo", fixture("message-new-photo.json"), events -> {
          InboundTouch t = onlyTouch(events);
          assertThat(t.externalId()).isEqualTo("4712");
          assertThat(t.text()).contains("Вот что пришло в коробке");
          assertThat(t.attachments()).containsExactly(new Attachment("image",
              Optional.of("https://sun9-12.userapi.com/impg/AbCdEf/z.jpg?size=960x1280&quality=95&type=album"),
              Optional.of("photo612444319_457239017_c1f0a9b8e7d6c5b4a3"), Optional.empty(), Optional.empty()));
        }),
        new Sample("doc and link", fixture("message-new-doc-link.json"), events -> {
          InboundTouch t = onlyTouch(events);
          assertThat(t.attachments()).containsExactly(
              new Attachment("file", Optional.of("https://vk.com/doc612444319_675432198?hash=9f8e7d6c5b4a&dl="
                  + "GAYTCMBUGI:1733130300:abcdef&api=1&no_preview=1"), Optional.of("doc612444319_675432198_8a7b6c5d4e3f2a1b0c"),
                  Optional.of("application/pdf"), Optional.of("чек-100234.pdf")),
              new Attachment("link", Optional.of("https://shop.example.ru/orders/100234"), Optional.empty(),
                  Optional.empty(), Optional.of("Заказ 100234")));
        }),
        new Sample("reply", fixture("message-reply.json"), events -> {
          InboundTouch t = onlyTouch(events);
          assertThat(t.direction()).as("the community's own message, never the customer's").isEqualTo(Direction.OUTBOUND);
          assertThat(t.externalId()).isEqualTo("4714");
          assertThat(t.sender()).containsExactly(ANNA);
          assertThat(t.text()).contains("Заказ 100234 передан в доставку, курьер приедет завтра.");
        }),
        new Sample("confirmation", fixture("confirmation.json"), events -> assertThat(events).singleElement()
            .isInstanceOfSatisfying(IgnoredEvent.class, e -> assertThat(e.kind()).isEqualTo("confirmation"))),
        new Sample("deny", fixture("message-deny.json"), events -> assertThat(events).containsExactly(
            new ConsentSignal(List.of(ANNA), Channels.VK.id(), Purpose.SERVICE, ConsentStatus.REVOKED, "vk:message_deny", NOW),
            new ConsentSignal(List.of(ANNA), Channels.VK.id(), Purpose.TRANSACTIONAL, ConsentStatus.REVOKED,
                "vk:message_deny", NOW),
            new ConsentSignal(List.of(ANNA), Channels.VK.id(), Purpose.MARKETING, ConsentStatus.REVOKED, "vk:message_deny",
                NOW))),
        new Sample("allow", fixture("message-allow.json"), events -> assertThat(events).containsExactly(
            new ConsentSignal(List.of(ANNA), Channels.VK.id(), Purpose.SERVICE, ConsentStatus.GRANTED, "vk:message_allow",
                NOW),
            new ConsentSignal(List.of(ANNA), Channels.VK.id(), Purpose.TRANSACTIONAL, ConsentStatus.GRANTED,
                "vk:message_allow", NOW))),
        new Sample("edit", fixture("message-edit.json"), events -> assertThat(events).containsExactly(
            MessageChange.edit("4711", "Здравствуйте! Где мой заказ 100243?", Instant.ofEpochSecond(1733130500L)))),
        new Sample("typing", fixture("message-typing-state.json"), events -> assertThat(events).singleElement()
            .isInstanceOf(IgnoredEvent.class)));
  }

  @Override
  protected OutboundMessage message() {
    return OutboundMessage.text(ANNA, "Заказ 100234 передан в доставку.", "0193a1f0-7c2e-7b5a-9d41-6f2c8e1a3b40");
  }

  private static MockResponse ok(String fixture) {
    return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json; charset=utf-8")
        .setBody(Fixtures.text("vk/" + fixture));
  }

  @Override
  protected MockResponse accepted() {
    return ok("outbound-send-response-ok.json");
  }

  @Override
  protected String acceptedId() {
    return "4715";
  }

  /** VK answers HTTP 200 when it throttles: error 6 in the body says so. */
  @Override
  protected MockResponse rateLimited() {
    return ok("outbound-error-6.json");
  }

  @Override
  protected MockResponse permanentError() {
    return ok("outbound-error-901.json");
  }

  @Override
  protected void assertSendRequest(RecordedRequest request) {
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getPath()).isEqualTo("/method/messages.send");
    Map<String, List<String>> form = FormData.parse(request.getBody().readUtf8());
    assertThat(form).containsEntry("peer_id", List.of("612444319"))
        .containsEntry("message", List.of("Заказ 100234 передан в доставку."))
        .containsEntry("v", List.of("5.199")).containsEntry("access_token", List.of(TOKEN))
        .containsEntry("random_id", List.of(Integer.toString(VkAdapter.randomId("0193a1f0-7c2e-7b5a-9d41-6f2c8e1a3b40"))));
    assertThat(request.getRequestUrl().queryParameter("access_token")).as("the token never travels in the URL").isNull();
  }

  // ------------------------------------------------------------------ VK specifics

  @Test
  void confirmationIsAnsweredWithTheCodeForThisCommunityOnly() {
    Optional<WebhookResponse> answer = adapter().handshake(fixture("confirmation.json"));
    assertThat(answer).hasValueSatisfying(r -> {
      assertThat(r.status()).isEqualTo(200);
      assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(CODE);
      assertThat(r.contentType()).startsWith("text/plain");
    });
    // VK's confirmation may come without the secret: the group id still has to be ours
    assertThat(adapter().handshake(request("{\"type\":\"confirmation\",\"group_id\":214167102}"
        .getBytes(StandardCharsets.UTF_8)))).isPresent();
    assertThatThrownBy(() -> adapter().handshake(request("{\"type\":\"confirmation\",\"group_id\":1}"
        .getBytes(StandardCharsets.UTF_8)))).isInstanceOf(SignatureException.class);
    assertThatThrownBy(() -> adapter().handshake(tampered(fixture("confirmation.json"))))
        .isInstanceOf(SignatureException.class);
  }

  @Test
  void everyHandledCallbackIsAnsweredWithOkAsPlainText() {
    WebhookResponse ack = adapter().acknowledge();
    assertThat(new String(ack.body(), StandardCharsets.UTF_8)).isEqualTo("ok");
    assertThat(ack.contentType()).startsWith("text/plain");
  }

  @Test
  void anotherCommunitysCallbackIsRefusedEvenWithTheRightSecret() {
    String body = Fixtures.text("vk/message-new-text.json").replace("\"group_id\":214167102", "\"group_id\":999");
    assertThatThrownBy(() -> adapter().verify(request(body.getBytes(StandardCharsets.UTF_8))))
        .isInstanceOfSatisfying(SignatureException.class, e -> assertThat(e.missing()).isFalse());
  }

  @Test
  void aSecretOfAnotherTypeIsRefused() {
    String body = Fixtures.text("vk/message-new-text.json").replace("\"secret\":\"s3cr3tKey42\"", "\"secret\":42");
    assertThatThrownBy(() -> adapter().verify(request(body.getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(SignatureException.class);
  }

  @Test
  void aGroupChatMessageIsKnownByPeerAndConversationMessageId() {
    String body = Fixtures.text("vk/message-new-text.json").replace("\"id\":4711", "\"id\":0")
        .replace("\"peer_id\":612444319", "\"peer_id\":2000000066");
    InboundTouch t = (InboundTouch) adapter().parse(request(body.getBytes(StandardCharsets.UTF_8))).get(0);
    assertThat(t.externalId()).isEqualTo("2000000066_2169");
    assertThat(t.sender()).containsExactly(ANNA);
  }

  @Test
  void randomIdIsTheSameForEveryRetryOfOneMessage() {
    assertThat(VkAdapter.randomId("k1")).isEqualTo(VkAdapter.randomId("k1")).isNotEqualTo(VkAdapter.randomId("k2"))
        .isNotNegative();
  }

  @Test
  void aRetriedSendCarriesTheSameRandomId() throws InterruptedException {
    server.enqueue(ok("outbound-error-9.json"));
    server.enqueue(accepted());
    ResilientAdapter resilient = VkAdapter.resilient(adapter()).backoff(Duration.ofMillis(1), Duration.ofMillis(2))
        .build();
    assertThat(resilient.send(message()).messageId()).isEqualTo("4715");
    String first = FormData.parse(server.takeRequest().getBody().readUtf8()).get("random_id").get(0);
    String second = FormData.parse(server.takeRequest().getBody().readUtf8()).get("random_id").get(0);
    assertThat(second).isEqualTo(first);
  }

  @Test
  void cannotSendToThisUserIsUnreachableAndNotRetried() {
    server.enqueue(permanentError());
    server.enqueue(accepted());
    ResilientAdapter resilient = VkAdapter.resilient(adapter()).backoff(Duration.ofMillis(1), Duration.ofMillis(2))
        .build();
    assertThatThrownBy(() -> resilient.send(message())).isInstanceOfSatisfying(DeliveryException.class, e -> {
      assertThat(e.reason()).isEqualTo(Reason.RECIPIENT_UNREACHABLE);
      assertThat(e.providerCode()).contains("901");
    });
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void floodControlAndTooManyRequestsAreRateLimited() {
    for (String fixture : List.of("outbound-error-6.json", "outbound-error-9.json")) {
      server.enqueue(ok(fixture));
      assertThatThrownBy(() -> adapter().send(message())).isInstanceOfSatisfying(DeliveryException.class, e -> {
        assertThat(e.reason()).isEqualTo(Reason.RATE_LIMITED);
        assertThat(e.retryable()).isTrue();
      });
    }
  }

  @Test
  void invalidTokenIsUnauthorized() {
    server.enqueue(ok("outbound-error-5.json"));
    assertThatThrownBy(() -> adapter().send(message())).isInstanceOfSatisfying(DeliveryException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED));
  }

  @Test
  void mediaIsSentByItsVkReferenceAndAUrlAloneIsRefusedWithoutACall() throws InterruptedException {
    Attachment photo = new Attachment("image", Optional.empty(), Optional.of("photo-214167102_457239020"),
        Optional.empty(), Optional.empty());
    server.enqueue(accepted());
    adapter().send(new OutboundMessage(ANNA, Optional.empty(), List.of(photo), Optional.empty(), "k"));
    assertThat(FormData.parse(server.takeRequest().getBody().readUtf8()))
        .containsEntry("attachment", List.of("photo-214167102_457239020")).doesNotContainKey("message");
    Attachment byUrl = new Attachment("image", Optional.of("https://shop.example.ru/p.jpg"), Optional.empty(),
        Optional.empty(), Optional.empty());
    assertThatThrownBy(() -> adapter().send(new OutboundMessage(ANNA, Optional.of("x"), List.of(byUrl),
        Optional.empty(), "k"))).isInstanceOfSatisfying(DeliveryException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.REJECTED));
    assertThatThrownBy(() -> adapter().send(OutboundMessage.text(Identity.of(IdentityKind.TELEGRAM, "1"), "x", "k")))
        .isInstanceOf(DeliveryException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void configurationNamesTheBadSettingAndNeverShowsSecrets() {
    assertThatThrownBy(() -> VkConfig.builder(0, CODE, SECRET, TOKEN)).hasMessageStartingWith("groupId");
    assertThatThrownBy(() -> VkConfig.builder(GROUP, "", SECRET, TOKEN)).hasMessageStartingWith("confirmationCode");
    assertThatThrownBy(() -> VkConfig.builder(GROUP, CODE, "x".repeat(51), TOKEN)).hasMessageStartingWith("secret");
    assertThatThrownBy(() -> VkConfig.builder(GROUP, CODE, SECRET, " ")).hasMessageStartingWith("accessToken");
    assertThat(config(baseUrl()).toString()).doesNotContain(SECRET, TOKEN, CODE);
  }
}
