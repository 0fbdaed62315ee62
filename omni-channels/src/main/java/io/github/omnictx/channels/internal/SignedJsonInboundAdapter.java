package io.github.omnictx.channels.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.channel.spi.ChannelAdapter;
import io.github.omnictx.core.channel.spi.InboundEvent;
import io.github.omnictx.core.channel.spi.OutboundMessage;
import io.github.omnictx.core.channel.spi.SendReceipt;
import io.github.omnictx.core.webhook.SignatureException;
import io.github.omnictx.core.webhook.WebhookRequest;
import java.util.List;
import java.util.Objects;

/**
 * The shape of an inbound-only adapter for Omni's own {@link SignedJson} webhooks (call centre,
 * store/POS): a fixed id and channel, verification by {@link SignedJson}, one JSON object per
 * request turned into one event by {@link #event}, and {@link #send} refused. Not API. Immutable
 * and thread-safe if the subclass is.
 */
public abstract class SignedJsonInboundAdapter implements ChannelAdapter {
  private final String id;
  private final ChannelId channel;
  private final SignedJson signing;
  private final String inboundOnly;

  /**
   * @param settings the id, secret, replay window and clock
   * @param channel the channel every event is on
   * @param inboundOnly why {@link #send} is refused, for its message after {@code "<id> is inbound-only: "}
   */
  protected SignedJsonInboundAdapter(SignedJsonSettings settings, ChannelId channel, String inboundOnly) {
    this.id = settings.id();
    this.channel = Objects.requireNonNull(channel, "channel");
    this.signing = new SignedJson(settings.secret(), settings.replayWindow(), settings.clock());
    this.inboundOnly = Objects.requireNonNull(inboundOnly, "inboundOnly");
  }

  @Override
  public final String id() {
    return id;
  }

  @Override
  public final ChannelId channel() {
    return channel;
  }

  /**
   * Checks {@code X-Omni-Timestamp} and {@code X-Omni-Signature} over the raw body.
   *
   * @param request the request
   * @throws SignatureException missing without the headers; wrong if the signature does not match
   *     or the timestamp is outside the replay window
   */
  @Override
  public final void verify(WebhookRequest request) {
    signing.verify(request);
  }

  /**
   * Parses the body, one JSON object, into one event by {@link #event}.
   *
   * @param request a verified request
   * @return the one event
   * @throws InvalidInputException if the body is not the documented format
   */
  @Override
  public final List<InboundEvent> parse(WebhookRequest request) {
    ObjectNode body = JsonBody.object(request);
    try {
      return List.of(event(body));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("body", e.getMessage(), e);
    }
  }

  /**
   * Reads one event from a request's body.
   *
   * @param body the body
   * @return the event: an inbound touch, or an ignored event
   * @throws InvalidInputException if the body is not the documented format (an {@link
   *     IllegalArgumentException} is turned into one by {@link #parse})
   */
  protected abstract InboundEvent event(ObjectNode body);

  /**
   * @return {@code false}: this channel is inbound-only
   */
  @Override
  public final boolean sends() {
    return false;
  }

  /**
   * Not supported: this channel is inbound-only.
   *
   * @param message ignored
   * @return never
   * @throws UnsupportedOperationException always
   */
  @Override
  public final SendReceipt send(OutboundMessage message) {
    throw new UnsupportedOperationException(id + " is inbound-only: " + inboundOnly);
  }
}
