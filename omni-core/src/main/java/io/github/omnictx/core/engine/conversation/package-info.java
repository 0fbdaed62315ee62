/**
 * Not API: may change in any release. The conversations service: inbound joining, lifecycle,
 * replies, SLA. Uses routing, handoff and timeline.
 */
@NullMarked
package io.github.omnictx.core.engine.conversation;

import org.jspecify.annotations.NullMarked;
