/**
 * The channel adapter SPI: what an adapter for one provider implements and the normalised events
 * it produces. {@link io.github.omnictx.core.channel.spi.ChannelAdapter} is an id and a channel;
 * an adapter receives webhooks as an {@link io.github.omnictx.core.channel.spi.InboundAdapter},
 * sends as an {@link io.github.omnictx.core.channel.spi.OutboundAdapter}, or both. No HTTP library
 * appears here; implementations live in omni-channels.
 */
@NullMarked
package io.github.omnictx.core.channel.spi;

import org.jspecify.annotations.NullMarked;
