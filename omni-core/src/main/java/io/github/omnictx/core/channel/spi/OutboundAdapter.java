package io.github.omnictx.core.channel.spi;

/**
 * The outbound side of an adapter: sends one message to the provider. Implementations must be
 * thread-safe. omni-channels' test-jar holds the contracts to prove one with ({@code
 * MessagingAdapterContractTest} for an adapter that also receives webhooks, {@code
 * OutboundAdapterContractTest} for one that only sends).
 */
public non-sealed interface OutboundAdapter extends ChannelAdapter {

  /**
   * Sends one message with one attempt; retries, circuit breaking and rate limiting are the
   * caller's (omni-channels' {@code ResilientAdapter} wraps adapters with resilience4j).
   *
   * @param message the message
   * @return what the provider accepted
   * @throws DeliveryException classified: retryable (rate limit, 5xx, I/O) or permanent
   */
  SendReceipt send(OutboundMessage message);
}
