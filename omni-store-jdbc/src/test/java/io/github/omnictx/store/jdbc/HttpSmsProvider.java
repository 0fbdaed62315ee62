package io.github.omnictx.store.jdbc;

import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.channel.spi.DeliveryException;
import io.github.omnictx.core.channel.spi.DeliveryException.Reason;
import io.github.omnictx.core.channel.spi.OutboundAdapter;
import io.github.omnictx.core.channel.spi.OutboundMessage;
import io.github.omnictx.core.channel.spi.SendReceipt;
import io.github.omnictx.core.timeline.DeliveryStatus;
import java.io.IOException;
import java.time.Duration;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A minimal SMS adapter over HTTP for the crash test: one POST per message with Omni's idempotency
 * key in {@code Idempotency-Key} and the sending node in {@code X-Omni-Node}; the provider's answer
 * body is the message id. Thread-safe.
 */
final class HttpSmsProvider implements OutboundAdapter {
  static final String KEY_HEADER = "Idempotency-Key";
  static final String NODE_HEADER = "X-Omni-Node";
  private static final MediaType TEXT = MediaType.get("text/plain; charset=utf-8");

  private final String url;
  private final String node;
  private final OkHttpClient client = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(5)).build();

  HttpSmsProvider(String url, String node) {
    this.url = url;
    this.node = node;
  }

  @Override
  public String id() {
    return "crash-sms";
  }

  @Override
  public ChannelId channel() {
    return Channels.SMS.id();
  }

  @Override
  public SendReceipt send(OutboundMessage message) {
    Request request = new Request.Builder().url(url).header(KEY_HEADER, message.idempotencyKey())
        .header(NODE_HEADER, node).post(RequestBody.create(message.text().orElse(""), TEXT)).build();
    try (Response response = client.newCall(request).execute()) {
      String body = response.body() == null ? "" : response.body().string();
      if (response.code() == 200 && !body.isBlank()) {
        return new SendReceipt(body, DeliveryStatus.SENT);
      }
      throw new DeliveryException(id(), response.code() >= 500 ? Reason.TEMPORARY : Reason.REJECTED, null, null,
          "HTTP " + response.code(), null);
    } catch (IOException e) {
      throw new DeliveryException(id(), Reason.TEMPORARY, null, null, "request failed: " + e, e);
    }
  }
}
