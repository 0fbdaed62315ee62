/**
 * The conversations service a tenant hands out ({@code shop.conversations()}): inbound joining,
 * lifecycle, routing and SLA, with the {@link io.github.omnictx.core.conversation.service.Inbound}
 * request and the {@link io.github.omnictx.core.conversation.service.Received} result of receiving
 * a message. Beside the conversation values rather than among them because the service names
 * timeline and event types, and those name conversation values: kept apart, the packages import
 * only downwards.
 */
@NullMarked
package io.github.omnictx.core.conversation.service;

import org.jspecify.annotations.NullMarked;
