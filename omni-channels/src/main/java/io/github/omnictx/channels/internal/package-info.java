/** Helpers shared by the adapters: HMAC, strict JSON reading, one HTTP attempt. Not API. */
@NullMarked
package io.github.omnictx.channels.internal;

import org.jspecify.annotations.NullMarked;
