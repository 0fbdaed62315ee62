/**
 * Not API: may change in any release. The handoffs service: offers, accept and decline, expiry and
 * fallback, the context packet and the transcript. Uses routing and timeline.
 */
@NullMarked
package io.github.omnictx.core.engine.handoff;

import org.jspecify.annotations.NullMarked;
