/**
 * VK community messages: {@link io.github.omnictx.channels.vk.VkAdapter} answers the Callback API
 * (the {@code confirmation} handshake, the {@code secret} checked in constant time, {@code ok} as
 * plain text) and sends with {@code messages.send}, configured by {@link
 * io.github.omnictx.channels.vk.VkConfig}. One adapter serves one community.
 */
@NullMarked
package io.github.omnictx.channels.vk;

import org.jspecify.annotations.NullMarked;
