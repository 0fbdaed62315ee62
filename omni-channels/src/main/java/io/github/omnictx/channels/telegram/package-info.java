/**
 * The Telegram Bot API adapter: {@link io.github.omnictx.channels.telegram.TelegramAdapter}
 * configured by {@link io.github.omnictx.channels.telegram.TelegramConfig}. Webhooks are checked
 * against the {@code setWebhook} secret token; sends go to {@code api.telegram.org}. Wrap the adapter
 * with {@link io.github.omnictx.channels.telegram.TelegramAdapter#resilient} for the recommended
 * 30 sends per second.
 */
@NullMarked
package io.github.omnictx.channels.telegram;

import org.jspecify.annotations.NullMarked;
