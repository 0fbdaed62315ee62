package io.github.omnictx.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.channel.spi.InboundAdapter;
import io.github.omnictx.core.channel.spi.OutboundAdapter;
import io.github.omnictx.core.channel.spi.DeliveryException;
import io.github.omnictx.core.channel.spi.DeliveryUpdate;
import io.github.omnictx.core.channel.spi.InboundEvent;
import io.github.omnictx.core.channel.spi.OutboundMessage;
import io.github.omnictx.core.channel.spi.SendReceipt;
import io.github.omnictx.core.timeline.DeliveryStatus;
import io.github.omnictx.core.webhook.WebhookRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A provider in memory for one channel: records every message it is asked to send and answers as
 * scripted (a receipt {@code <id>-msg-<n>} by default, or the failures queued with {@link #then});
 * its webhooks carry delivery receipts as {@code {"messageId": .., "status": .., "errorCode": ..}}.
 * Thread-safe.
 */
public final class FakeProvider implements InboundAdapter, OutboundAdapter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String id;
  private final ChannelId channel;
  private final List<OutboundMessage> sent = new ArrayList<>();
  private final Deque<Function<OutboundMessage, SendReceipt>> script = new ArrayDeque<>();

  /**
   * @param id the adapter id
   * @param channel the channel it sends on
   */
  public FakeProvider(String id, ChannelId channel) {
    this.id = id;
    this.channel = channel;
  }

  /**
   * Queues the answer to the next send (answers not queued are receipts).
   *
   * @param answer what to do with the message: return a receipt or throw
   * @return this provider
   */
  public synchronized FakeProvider then(Function<OutboundMessage, SendReceipt> answer) {
    script.add(answer);
    return this;
  }

  /**
   * Queues a classified failure for the next send.
   *
   * @param reason the reason
   * @return this provider
   */
  public FakeProvider thenFail(DeliveryException.Reason reason) {
    return then(m -> {
      throw new DeliveryException(id, reason, "X" + reason.ordinal(), null, "scripted " + reason, null);
    });
  }

  /** @return the messages asked to be sent, in order (failed attempts included) */
  public synchronized List<OutboundMessage> sent() {
    return List.copyOf(sent);
  }

  /** @return the provider's message id the n-th send (from 1) answers with by default */
  public String messageId(int n) {
    return id + "-msg-" + n;
  }

  /**
   * A receipt webhook body that also carries Omni's key, as providers that echo it send.
   *
   * @param messageId the provider's message id
   * @param status the status
   * @param idempotencyKey Omni's key of the message
   * @return the request
   */
  public static WebhookRequest receipt(String messageId, DeliveryStatus status, String idempotencyKey) {
    return WebhookRequest.builder("POST", "https://hooks.example.com/fake")
        .body("{\"messageId\":\"" + messageId + "\",\"status\":\"" + status.name() + "\",\"idempotencyKey\":\""
            + idempotencyKey + "\"}").build();
  }

  /**
   * A receipt webhook body naming the message by the provider's id alone.
   *
   * @param messageId the provider's message id
   * @param status the status
   * @return the request
   */
  public static WebhookRequest receipt(String messageId, DeliveryStatus status) {
    return WebhookRequest.builder("POST", "https://hooks.example.com/fake")
        .body("{\"messageId\":\"" + messageId + "\",\"status\":\"" + status.name() + "\"}").build();
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
      return List.of(new DeliveryUpdate(b.path("messageId").asText(), DeliveryStatus.valueOf(b.path("status").asText()),
          Instant.parse("2026-03-02T09:00:00Z"), Optional.ofNullable(b.path("errorCode").textValue()), Optional.empty(),
          Optional.ofNullable(b.path("idempotencyKey").textValue())));
    } catch (IOException | IllegalArgumentException e) {
      throw new InvalidInputException("body", "not a receipt: " + e.getMessage(), e);
    }
  }

  @Override
  public SendReceipt send(OutboundMessage message) {
    Function<OutboundMessage, SendReceipt> answer;
    int n;
    synchronized (this) {
      sent.add(message);
      n = sent.size();
      answer = script.poll();
    }
    return answer != null ? answer.apply(message) : new SendReceipt(messageId(n), DeliveryStatus.SENT);
  }
}
