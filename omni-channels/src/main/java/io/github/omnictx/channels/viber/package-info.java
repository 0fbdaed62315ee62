/**
 * The Viber REST Bot API adapter: {@link io.github.omnictx.channels.viber.ViberAdapter} configured by
 * {@link io.github.omnictx.channels.viber.ViberConfig}. Callbacks are checked with the auth-token HMAC;
 * message tokens stay exact 64-bit integers; send errors are read from the body's {@code status}
 * since Viber answers HTTP 200. Wrap it with {@link io.github.omnictx.channels.viber.ViberAdapter#resilient}.
 */
@NullMarked
package io.github.omnictx.channels.viber;

import org.jspecify.annotations.NullMarked;
