package io.github.omnictx.core.channel.spi;

import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.webhook.SignatureException;
import io.github.omnictx.core.webhook.WebhookRequest;
import io.github.omnictx.core.webhook.WebhookResponse;
import java.util.List;
import java.util.Optional;

/**
 * Speaks one provider's dialect: verifies and parses its webhooks into normalised {@link
 * InboundEvent}s, and sends outbound messages. Implementations live in omni-channels (one package
 * per provider) or in the application; they name no HTTP library in these signatures.
 *
 * <p>Implementations must be thread-safe and must not keep state between calls beyond their
 * configuration. {@link #verify} must compare signatures in constant time, over the raw body bytes
 * (or, where the provider signs something else, exactly what it signs).
 */
public interface ChannelAdapter {

  /**
   * The adapter's id, also the endpoint name the pipeline is addressed by, e.g. {@code "whatsapp"},
   * {@code "twilio-sms"}. 1-32 characters of {@code a-z0-9-}.
   *
   * @return the id
   */
  String id();

  /**
   * The channel the adapter's events are recorded on.
   *
   * @return the channel id
   */
  ChannelId channel();

  /**
   * Answers a provider's subscription handshake (Meta's GET with {@code hub.challenge}), if this
   * request is one. Called before {@link #verify}; a handshake records nothing.
   *
   * @param request the request
   * @return the response to send, or empty when this is not a handshake
   * @throws SignatureException if it is a handshake with the wrong verify token
   */
  default Optional<WebhookResponse> handshake(WebhookRequest request) {
    return Optional.empty();
  }

  /**
   * Checks that the request really comes from the provider.
   *
   * @param request the request, with the raw body
   * @throws SignatureException if the signature is missing, wrong, or outside the replay window
   */
  void verify(WebhookRequest request);

  /**
   * The one-time token of a verified request whose signature does not cover its content, for the
   * pipeline to remember durably (see {@link ReplayToken}). Called after {@link #verify} succeeded.
   * Adapters whose signature covers the raw body (almost all) keep the default, empty.
   *
   * @param request the verified request
   * @return the token with a digest of the content, or empty
   * @throws InvalidInputException if the body cannot be read
   */
  default Optional<ReplayToken> replayToken(WebhookRequest request) {
    return Optional.empty();
  }

  /**
   * Parses a verified request into normalised events, in the order the provider sent them.
   *
   * @param request the request
   * @return the events (may be empty, never null)
   * @throws InvalidInputException if the body is malformed, of the wrong content type, or has
   *     fields of unexpected types
   */
  List<InboundEvent> parse(WebhookRequest request);

  /**
   * The body a provider expects for a successfully handled webhook (most accept an empty 200).
   *
   * @return the success response
   */
  default WebhookResponse acknowledge() {
    return WebhookResponse.text(200, "");
  }

  /**
   * Whether this adapter sends outbound messages. Omni's outbound dispatcher sends on a channel
   * through the first registered adapter of that channel that does. Inbound-only adapters (call
   * centre, POS) answer {@code false}.
   *
   * @return {@code true} unless {@link #send} is unsupported
   */
  default boolean sends() {
    return true;
  }

  /**
   * Sends one message with one attempt; retries, circuit breaking and rate limiting are the
   * caller's (omni-channels wraps adapters with resilience4j).
   *
   * @param message the message
   * @return what the provider accepted
   * @throws DeliveryException classified: retryable (rate limit, 5xx, I/O) or permanent
   * @throws UnsupportedOperationException if the adapter is inbound-only (call centre, POS)
   */
  SendReceipt send(OutboundMessage message);
}
