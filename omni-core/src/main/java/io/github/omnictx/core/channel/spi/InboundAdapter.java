package io.github.omnictx.core.channel.spi;

import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.webhook.SignatureException;
import io.github.omnictx.core.webhook.WebhookRequest;
import io.github.omnictx.core.webhook.WebhookResponse;
import java.util.List;
import java.util.Optional;

/**
 * The inbound side of an adapter: answers the provider's handshake, verifies its webhooks and
 * parses them into normalised {@link InboundEvent}s. The pipeline calls, per request, {@link
 * #handshake}, then {@link #verify}, {@link #replayToken}, {@link #parse}, and answers with {@link
 * #acknowledge}.
 *
 * <p>Implementations must be thread-safe. {@link #verify} must compare signatures in constant
 * time, over the raw body bytes (or, where the provider signs something else, exactly what it
 * signs). omni-channels' test-jar holds {@code AdapterContractTest}, the contract to prove an
 * implementation with.
 */
public non-sealed interface InboundAdapter extends ChannelAdapter {

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
}
