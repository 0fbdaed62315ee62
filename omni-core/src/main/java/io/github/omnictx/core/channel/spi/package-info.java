/**
 * The channel adapter SPI: what an adapter for one provider implements ({@link
 * io.github.omnictx.core.channel.spi.ChannelAdapter}) and the normalised events it produces. No HTTP
 * library appears here; implementations live in omni-channels.
 */
@NullMarked
package io.github.omnictx.core.channel.spi;

import org.jspecify.annotations.NullMarked;
