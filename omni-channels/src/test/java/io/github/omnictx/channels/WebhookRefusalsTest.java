package io.github.omnictx.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.omnictx.channels.internal.Hmac;
import io.github.omnictx.channels.telegram.TelegramAdapter;
import io.github.omnictx.channels.telegram.TelegramConfig;
import io.github.omnictx.channels.webchat.WebChatAdapter;
import io.github.omnictx.channels.webchat.WebChatConfig;
import io.github.omnictx.channels.whatsapp.WhatsAppAdapter;
import io.github.omnictx.channels.whatsapp.WhatsAppConfig;
import io.github.omnictx.core.Omni;
import io.github.omnictx.core.OmniTenant;
import io.github.omnictx.core.webhook.WebhookRequest;
import io.github.omnictx.core.webhook.WebhookResult;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * A refused webhook says why, in words the caller can act on, and never echoes the secret, the
 * signature it was sent or personal data from the body. One request per refusal reason.
 */
class WebhookRefusalsTest {
  private static final String TELEGRAM_SECRET = "refusal-secret_1";
  private static final String META_SECRET = "refusal-app-secret";
  private static final String VERIFY_TOKEN = "refusal-verify-token";
  private static final String CHAT_SECRET = "refusal-chat-secret-0123456789";
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-06-10T07:20:00Z"), ZoneOffset.UTC);
  /** Personal data in every body: none of it may come back. */
  private static final String PHONE = "15555550123";
  private static final String NAME = "Ana Testova";

  private final OmniTenant shop = Omni.builder().clock(CLOCK)
      .adapter(new TelegramAdapter(TelegramConfig.builder("123:abc", TELEGRAM_SECRET).clock(CLOCK).build()))
      .adapter(new WhatsAppAdapter(WhatsAppConfig.builder().appSecret(META_SECRET).verifyToken(VERIFY_TOKEN)
          .accessToken("EAAtoken").phoneNumberId("106540352242922").clock(CLOCK).build()))
      .adapter(new WebChatAdapter(WebChatConfig.builder(CHAT_SECRET).clock(CLOCK).build()))
      .build().tenant("acme");

  private static final byte[] WHATSAPP_BODY = ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\","
      + "\"changes\":[{\"field\":\"messages\",\"value\":{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"profile\":"
      + "{\"name\":\"" + NAME + "\"},\"wa_id\":\"" + PHONE + "\"}],\"messages\":[{\"from\":\"" + PHONE + "\",\"id\":"
      + "\"wamid.R1\",\"timestamp\":\"1718004000\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}]}}]}]}")
      .getBytes(StandardCharsets.UTF_8);

  private static WebhookRequest.Builder post(String adapter, byte[] body) {
    return WebhookRequest.builder("POST", "https://shop.example/webhooks/" + adapter)
        .header("Content-Type", "application/json").body(body);
  }

  private WebhookResult refused(String adapter, WebhookRequest request, int status, String reason,
      String... secrets) {
    WebhookResult r = shop.webhooks().process(adapter, request);
    assertThat(r.response().status()).isEqualTo(status);
    assertThat(r.response().bodyText()).isEqualTo(reason);
    assertThat(r.recorded()).isEmpty();
    for (String s : secrets) {
      assertThat(r.response().bodyText()).doesNotContain(s);
    }
    assertThat(r.response().bodyText()).doesNotContain(PHONE).doesNotContain(NAME);
    return r;
  }

  @Test
  void metaSignatureMissingIs401AndSaysSo() {
    refused("whatsapp", post("whatsapp", WHATSAPP_BODY).build(), 401,
        "signature missing: no X-Hub-Signature-256 header", META_SECRET);
  }

  @Test
  void metaSignatureWithoutItsPrefixSaysWhatItMustStartWith() {
    String hex = Hmac.sha256Hex(META_SECRET, WHATSAPP_BODY);
    refused("whatsapp", post("whatsapp", WHATSAPP_BODY).header("X-Hub-Signature-256", hex).build(), 403,
        "signature header must start with sha256=", META_SECRET, hex);
  }

  @Test
  void metaSignatureFromAnotherSecretDoesNotMatchAndEchoesNeitherSignature() {
    String wrong = Hmac.sha256Hex("another-secret", WHATSAPP_BODY);
    String right = Hmac.sha256Hex(META_SECRET, WHATSAPP_BODY);
    refused("whatsapp", post("whatsapp", WHATSAPP_BODY).header("X-Hub-Signature-256", "sha256=" + wrong).build(), 403,
        "signature does not match the body (signed with another app secret?)", META_SECRET, wrong, right);
  }

  @Test
  void metaHandshakeWithAnotherVerifyTokenSaysTheTokenDoesNotMatch() {
    WebhookRequest handshake = WebhookRequest.builder("GET", "https://shop.example/webhooks/whatsapp"
        + "?hub.mode=subscribe&hub.verify_token=guessed-token&hub.challenge=1158201444").build();
    refused("whatsapp", handshake, 403, "verify token does not match", VERIFY_TOKEN, "guessed-token", "1158201444");
  }

  @Test
  void telegramSecretTokenMissingOrWrongSaysWhich() {
    byte[] body = ("{\"update_id\":1,\"message\":{\"message_id\":1,\"date\":1718004000,\"chat\":{\"id\":5123456789,"
        + "\"type\":\"private\"},\"from\":{\"id\":5123456789,\"first_name\":\"Ana\",\"phone\":\"" + PHONE + "\"},"
        + "\"text\":\"hi\"}}").getBytes(StandardCharsets.UTF_8);
    refused("telegram", post("telegram", body).build(), 401,
        "secret token missing: no X-Telegram-Bot-Api-Secret-Token header", TELEGRAM_SECRET);
    refused("telegram", post("telegram", body).header(TelegramAdapter.SECRET_HEADER, "guessed_secret").build(), 403,
        "secret token does not match (set it with setWebhook secret_token)", TELEGRAM_SECRET, "guessed_secret");
  }

  @Test
  void signedChatOutsideTheReplayWindowSaysHowLongTheWindowIs() {
    byte[] body = ("{\"type\":\"message\",\"id\":\"wc-1\",\"customer\":{\"phone\":\"+" + PHONE + "\"},\"text\":\"hi\"}")
        .getBytes(StandardCharsets.UTF_8);
    Clock tenMinutesAgo = Clock.offset(CLOCK, Duration.ofMinutes(-10));
    WebhookRequest stale = SignedJsonRequests.signed("https://shop.example/webhooks/web-chat", CHAT_SECRET,
        tenMinutesAgo, body);
    refused("web-chat", stale, 403, "timestamp outside the replay window of 5 minutes", CHAT_SECRET,
        stale.header("X-Omni-Signature").orElseThrow());
    refused("web-chat", post("web-chat", body).header("X-Omni-Timestamp", Long.toString(CLOCK.instant().getEpochSecond()))
        .build(), 401, "signature missing: no X-Omni-Signature header", CHAT_SECRET);
    refused("web-chat", post("web-chat", body).build(), 401, "timestamp missing: no X-Omni-Timestamp header", CHAT_SECRET);
  }
}
