/**
 * The WhatsApp Cloud API adapter: {@link io.github.omnictx.channels.whatsapp.WhatsAppAdapter}
 * configured by {@link io.github.omnictx.channels.whatsapp.WhatsAppConfig}. Meta's handshake and
 * signature, batched webhook parsing (messages, statuses, errors), and sends with text, media or
 * templates. Wrap it with {@link io.github.omnictx.channels.whatsapp.WhatsAppAdapter#resilient} for the
 * recommended 80 sends per second.
 */
@NullMarked
package io.github.omnictx.channels.whatsapp;

import org.jspecify.annotations.NullMarked;
