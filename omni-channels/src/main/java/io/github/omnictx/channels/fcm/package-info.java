/**
 * The Firebase Cloud Messaging HTTP v1 adapter for push notifications: {@link
 * io.github.omnictx.channels.fcm.FcmAdapter} configured by {@link io.github.omnictx.channels.fcm.FcmConfig}
 * from a Google service-account key. The adapter signs its own OAuth 2 assertion (RS256, with the
 * JDK), exchanges it for an access token at the key's token URI and reuses that token until shortly
 * before it expires. Device registration tokens are {@code DEVICE} identities on the {@code push}
 * channel.
 */
@NullMarked
package io.github.omnictx.channels.fcm;

import org.jspecify.annotations.NullMarked;
