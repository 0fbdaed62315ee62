package io.github.omnictx.channels.mailgun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.omnictx.channels.Fixtures;
import io.github.omnictx.channels.internal.Hmac;
import io.github.omnictx.core.webhook.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/** Shared values and request builders for the Mailgun tests. */
final class MailgunTesting {
  static final String SIGNING_KEY = "key-omni-test-webhook-signing-key-000000";
  static final String API_KEY = "key-omni-test-api-key";
  static final String URL = "https://omni.example.org/webhooks/mailgun";
  /** Within five minutes of every fixture's timestamp (1718003400 to 1718003900). */
  static final Instant NOW = Instant.ofEpochSecond(1718003600);
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicLong TOKENS = new AtomicLong();

  private MailgunTesting() {}

  static MailgunConfig.Builder config(String baseUrl, Clock clock) {
    return MailgunConfig.builder(SIGNING_KEY, API_KEY, "mg.example.org", "Support <support@mg.example.org>")
        .apiBaseUrl(baseUrl).clock(clock);
  }

  /** A recorded fixture exactly as Mailgun sent it, with its own signature. */
  static WebhookRequest recorded(String fixture) {
    String type = fixture.endsWith(".json") ? "application/json" : "application/x-www-form-urlencoded";
    return WebhookRequest.builder("POST", URL).header("Content-Type", type).body(Fixtures.bytes(fixture)).build();
  }

  static boolean looksLikeJson(byte[] body) {
    String s = new String(body, StandardCharsets.UTF_8).strip();
    return s.startsWith("{") || s.startsWith("[");
  }

  /**
   * The body re-signed at the clock's time with a fresh token: a JSON object gets a new signature
   * object, anything else is treated as form data whose signature fields are replaced.
   */
  static WebhookRequest signed(byte[] body, Instant at) {
    String ts = Long.toString(at.getEpochSecond());
    String token = String.format("omni-test-token-%034d", TOKENS.incrementAndGet());
    String sig = Hmac.sha256Hex(SIGNING_KEY, ts + token);
    if (looksLikeJson(body)) {
      byte[] out = body;
      try {
        JsonNode root = JSON.readTree(body);
        if (root != null && root.isObject()) {
          ((ObjectNode) root).putObject("signature").put("timestamp", ts).put("token", token).put("signature", sig);
          out = JSON.writeValueAsBytes(root);
        }
      } catch (java.io.IOException notJson) {
        // left unsigned: verification must refuse it
      }
      return WebhookRequest.builder("POST", URL).header("Content-Type", "application/json").body(out).build();
    }
    String kept = Arrays.stream(new String(body, StandardCharsets.UTF_8).split("&", -1))
        .filter(p -> !p.startsWith("timestamp=") && !p.startsWith("token=") && !p.startsWith("signature="))
        .collect(Collectors.joining("&"));
    String form = kept + (kept.isEmpty() ? "" : "&") + "timestamp=" + ts + "&token=" + token + "&signature=" + sig;
    return WebhookRequest.builder("POST", URL).header("Content-Type", "application/x-www-form-urlencoded")
        .body(form).build();
  }

  /** Replaces one signature field's value (form field or member of the JSON signature object). */
  static WebhookRequest withSignatureField(WebhookRequest request, String field, String value) {
    String text = request.bodyText();
    String body;
    if (looksLikeJson(request.body())) {
      try {
        ObjectNode root = (ObjectNode) JSON.readTree(text);
        ObjectNode sig = (ObjectNode) root.get("signature");
        if (value == null) {
          sig.remove(field);
        } else {
          sig.put(field, value);
        }
        body = JSON.writeValueAsString(root);
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      }
    } else {
      body = Arrays.stream(text.split("&", -1))
          .map(p -> p.startsWith(field + "=") ? (value == null ? null : field + "=" + value) : p)
          .filter(p -> p != null)
          .collect(Collectors.joining("&"));
    }
    WebhookRequest.Builder b = WebhookRequest.builder(request.method(), request.url()).body(body);
    request.headers().forEach((k, vs) -> vs.forEach(v -> b.header(k, v)));
    return b.build();
  }

  static String field(WebhookRequest request, String field) {
    if (looksLikeJson(request.body())) {
      try {
        return JSON.readTree(request.body()).get("signature").get(field).asText();
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      }
    }
    return io.github.omnictx.core.webhook.FormData.parse(request.bodyText()).get(field).get(0);
  }
}
