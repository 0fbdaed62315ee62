/**
 * E-mail on the retailer's own mail server: {@link io.github.omnictx.channels.email.MailAdapter}
 * sends over SMTP (STARTTLS or implicit TLS, with authentication) with a {@code Message-ID} of its
 * own, threads replies with {@code In-Reply-To} and {@code References}, and parses incoming mail that
 * {@link io.github.omnictx.channels.email.ImapPoller} reads from an IMAP folder into the same webhook
 * pipeline, remembering the folder's UIDs (and UIDVALIDITY) in the store. Built on Eclipse Angus
 * Mail (Jakarta Mail).
 */
@NullMarked
package io.github.omnictx.channels.email;

import org.jspecify.annotations.NullMarked;
