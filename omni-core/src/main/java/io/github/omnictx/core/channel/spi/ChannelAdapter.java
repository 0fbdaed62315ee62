package io.github.omnictx.core.channel.spi;

import io.github.omnictx.core.channel.ChannelId;

/**
 * Speaks one provider's dialect on one channel. An adapter is an {@link InboundAdapter} (it
 * verifies and parses the provider's webhooks), an {@link OutboundAdapter} (it sends messages), or
 * both, as messaging providers are; an inbound-only source (a call centre, a till) implements no
 * {@code send} at all. Sealed over those two, so every adapter is at least one of them.
 *
 * <p>Register every kind with the one {@code Omni.builder().adapter(...)}: the webhook pipeline
 * serves the inbound ones under their {@link #id()}, and {@code Omni} looks up the outbound ones by
 * id or channel. Implementations live in omni-channels (one package per provider) or in the
 * application; they name no HTTP library in these signatures. They must be thread-safe and must
 * not keep state between calls beyond their configuration.
 */
public sealed interface ChannelAdapter permits InboundAdapter, OutboundAdapter {

  /**
   * The adapter's id, also the endpoint name the pipeline is addressed by, e.g. {@code "whatsapp"},
   * {@code "twilio-sms"}. 1-32 characters of {@code a-z0-9-}.
   *
   * @return the id
   */
  String id();

  /**
   * The channel the adapter's events are recorded on and its messages are sent on.
   *
   * @return the channel id
   */
  ChannelId channel();
}
