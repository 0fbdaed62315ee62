/**
 * E-mail through Mailgun: inbound route forwards and event webhooks in, the messages API out,
 * through a {@link io.github.omnictx.channels.mailgun.MailgunAdapter} configured by {@link
 * io.github.omnictx.channels.mailgun.MailgunConfig}.
 */
@NullMarked
package io.github.omnictx.channels.mailgun;

import org.jspecify.annotations.NullMarked;
