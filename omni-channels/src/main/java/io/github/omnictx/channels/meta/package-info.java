/**
 * The Messenger and Instagram adapter ({@link io.github.omnictx.channels.meta.MetaMessagingAdapter},
 * configured by {@link io.github.omnictx.channels.meta.MetaConfig#messenger()} or {@link
 * io.github.omnictx.channels.meta.MetaConfig#instagram()}): one class, since both platforms share
 * Meta's signing, webhook envelope and Send API. Wrap it with {@link
 * io.github.omnictx.channels.meta.MetaMessagingAdapter#resilient} for the recommended 300 sends per
 * second.
 */
@NullMarked
package io.github.omnictx.channels.meta;

import org.jspecify.annotations.NullMarked;
