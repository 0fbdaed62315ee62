package io.github.omnictx.core.channel.spi;

/**
 * One normalised thing a webhook reported: a touchpoint from or to a customer ({@link
 * InboundTouch}), a delivery status of an earlier outbound message ({@link DeliveryUpdate}), an
 * edit or deletion of an earlier message ({@link MessageChange}), a consent answer ({@link
 * ConsentSignal}), or something the adapter understood and deliberately ignores ({@link
 * IgnoredEvent}).
 */
public sealed interface InboundEvent permits InboundTouch, DeliveryUpdate, MessageChange, ConsentSignal, IgnoredEvent {}
