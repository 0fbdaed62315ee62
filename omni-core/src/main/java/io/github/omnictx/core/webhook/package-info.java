/**
 * Webhooks as the application's own HTTP server sees them: the raw {@link
 * io.github.omnictx.core.webhook.WebhookRequest} handed to Omni and the {@link
 * io.github.omnictx.core.webhook.WebhookResponse} written back.
 */
@NullMarked
package io.github.omnictx.core.webhook;

import org.jspecify.annotations.NullMarked;
