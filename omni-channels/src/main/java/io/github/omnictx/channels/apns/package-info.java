/**
 * Apple push notifications: {@link io.github.omnictx.channels.apns.ApnsAdapter} sends alerts to
 * device tokens over HTTP/2 with token-based authentication (an ES256 provider token signed with
 * the JDK from the {@code .p8} key), configured by {@link io.github.omnictx.channels.apns.ApnsConfig}.
 * A key that does not parse is refused when the configuration is built, not at the first send.
 */
@NullMarked
package io.github.omnictx.channels.apns;

import org.jspecify.annotations.NullMarked;
