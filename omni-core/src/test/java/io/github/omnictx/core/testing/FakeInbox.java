package io.github.omnictx.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.channel.spi.InboundAdapter;
import io.github.omnictx.core.channel.spi.InboundEvent;
import io.github.omnictx.core.channel.spi.InboundTouch;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.timeline.TouchpointType;
import io.github.omnictx.core.webhook.WebhookRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An inbound adapter for store-level tests: a message webhook {@code {"id":…,"from":"+49…","text":…,
 * "at":"2026-…Z"}} becomes one inbound message from that phone number. No signature. Thread-safe.
 */
public final class FakeInbox implements InboundAdapter {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String id;
  private final ChannelId channel;

  /**
   * @param id the adapter id
   * @param channel the channel its messages arrive on
   */
  public FakeInbox(String id, ChannelId channel) {
    this.id = id;
    this.channel = channel;
  }

  /**
   * @param messageId the provider's message id
   * @param phone the sender's number
   * @param text the message text
   * @param at when it was sent
   * @return the webhook request
   */
  public static WebhookRequest message(String messageId, String phone, String text, Instant at) {
    String body = JSON.createObjectNode().put("id", messageId).put("from", phone).put("text", text)
        .put("at", at.toString()).toString();
    return WebhookRequest.builder("POST", "https://shop.example/hooks/inbox").header("Content-Type", "application/json")
        .body(body).build();
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public ChannelId channel() {
    return channel;
  }

  @Override
  public void verify(WebhookRequest request) {}

  @Override
  public List<InboundEvent> parse(WebhookRequest request) {
    try {
      JsonNode b = JSON.readTree(request.bodyText());
      return List.of(new InboundTouch(b.path("id").asText(), List.of(Identity.phone(b.path("from").asText())),
          Optional.empty(), Instant.parse(b.path("at").asText()), TouchpointType.MESSAGE, Direction.INBOUND,
          Optional.of(b.path("text").asText()), List.of(), Optional.empty(), b));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
