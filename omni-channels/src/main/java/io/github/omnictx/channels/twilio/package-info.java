/**
 * Twilio Programmable Messaging: SMS/MMS and WhatsApp over Twilio through one {@link
 * io.github.omnictx.channels.twilio.TwilioAdapter} per channel, configured by {@link
 * io.github.omnictx.channels.twilio.TwilioConfig}.
 */
@NullMarked
package io.github.omnictx.channels.twilio;

import org.jspecify.annotations.NullMarked;
