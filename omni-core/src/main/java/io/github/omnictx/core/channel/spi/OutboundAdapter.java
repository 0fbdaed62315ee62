package io.github.omnictx.core.channel.spi;

/**
 * The outbound side of an adapter: sends one message to the provider. Implementations must be
 * thread-safe. omni-channels' test-jar holds the contracts to prove one with ({@code
 * MessagingAdapterContractTest} for an adapter that also receives webhooks, {@code
 * OutboundAdapterContractTest} for one that only sends).
 */
public non-sealed interface OutboundAdapter extends ChannelAdapter {

  /**
   * Whether this adapter, as configured, sends outbound messages. Omni's outbound dispatcher sends
   * on a channel through the first registered adapter of that channel that does. An adapter that
   * can send only when configured for it (web chat without a callback URL) answers {@code false}.
   *
   * @return {@code true} unless {@link #send} is unsupported as configured
   */
  default boolean sends() {
    return true;
  }

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
