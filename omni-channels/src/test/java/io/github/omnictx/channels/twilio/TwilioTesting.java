package io.github.omnictx.channels.twilio;

import io.github.omnictx.core.channel.Channel;
import io.github.omnictx.core.webhook.FormData;
import io.github.omnictx.core.webhook.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** Shared values and request builders for the Twilio tests. */
final class TwilioTesting {
  static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";
  static final String RECORDED_TOKEN = "omni-test-auth-token-0000000000";
  static final String RECORDED_URL = "https://omni.example.org/webhooks/twilio/sms?tenant=acme";
  static final Instant NOW = Instant.parse("2024-06-10T15:30:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private TwilioTesting() {}

  static TwilioAdapter adapter(String token, Channel channel, String baseUrl) {
    return new TwilioAdapter(TwilioConfig.builder(ACCOUNT, token).channel(channel).from("+15557654321")
        .apiBaseUrl(baseUrl).clock(CLOCK).build());
  }

  /** A form POST to the URL, signed as Twilio signs it (URL only when the body is not form data). */
  static WebhookRequest signed(String token, String url, byte[] body) {
    Map<String, List<String>> params;
    try {
      params = FormData.parse(new String(body, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException notForm) {
      params = Map.of();
    }
    return WebhookRequest.builder("POST", url).header("Content-Type", "application/x-www-form-urlencoded")
        .header(TwilioAdapter.SIGNATURE_HEADER, TwilioSignature.compute(token, url, params)).body(body).build();
  }
}
