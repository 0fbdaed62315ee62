package io.github.omnictx.channels.email;

import io.github.omnictx.channels.internal.Hmac;
import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.channel.spi.DeliveryException;
import io.github.omnictx.core.channel.spi.DeliveryException.Reason;
import io.github.omnictx.core.channel.spi.InboundAdapter;
import io.github.omnictx.core.channel.spi.InboundEvent;
import io.github.omnictx.core.channel.spi.OutboundAdapter;
import io.github.omnictx.core.channel.spi.OutboundMessage;
import io.github.omnictx.core.channel.spi.SendReceipt;
import io.github.omnictx.core.identity.IdentityKind;
import io.github.omnictx.core.timeline.DeliveryStatus;
import io.github.omnictx.core.webhook.SignatureException;
import io.github.omnictx.core.webhook.WebhookRequest;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.jspecify.annotations.Nullable;

/**
 * E-mail on the retailer's own servers (id {@code mail} unless configured, channel {@code email}).
 *
 * <p>Outbound over SMTP with the configured security and login. Every mail gets a {@code
 * Message-ID} of our own, {@code <idempotency key@messageIdDomain>} (the key reduced to what a
 * message id may hold, or its digest), so a retried send carries the same id and the receiving
 * side can tell it is the same mail; the receipt's id is that {@code Message-ID} without angle
 * brackets. {@link #send(OutboundMessage, MailThread)} answers a mail in its thread ({@code
 * In-Reply-To}, {@code References}, {@code Re:} subject); {@link #send(OutboundMessage)} starts a
 * thread with the configured subject. Text only: templates and attachments are refused without a
 * connection. Failures: a refused login {@link Reason#UNAUTHORIZED}; a recipient the server refuses
 * with 5xx {@link Reason#RECIPIENT_UNREACHABLE}; any 4xx, and a connection that fails or times
 * out, {@link Reason#TEMPORARY}; other 5xx {@link Reason#REJECTED}.
 *
 * <p>Inbound, incoming mail is read from IMAP by {@link ImapPoller}, which hands each mail to the
 * webhook pipeline under this adapter's id as a {@code message/rfc822} request signed with the
 * configuration's key (header {@value #SIGNATURE_HEADER}, hex HMAC-SHA256 of the raw mail): the
 * same pipeline as every webhook, and a request from anyone else is refused. A mail becomes an
 * {@link io.github.omnictx.core.channel.spi.InboundTouch} keyed by its {@code Message-ID} (without
 * angle brackets; a mail without one by the digest of its bytes), from the {@code From} address
 * (else {@code Sender}) with its display name, dated by its {@code Date} (the clock when missing,
 * before 2000 or more than a day ahead), topic the subject, text the new part of the plain text
 * (else of the HTML as text) with the quoted history stripped; the payload keeps the full text,
 * the {@code Message-ID}, {@code In-Reply-To}, {@code References}, recipients and subject. The
 * rules for oversized mail, mail without a usable sender, the shop's own mail and automatic replies
 * are on {@link MailConfig}.
 *
 * <p>Immutable and thread-safe.
 */
public final class MailAdapter implements InboundAdapter, OutboundAdapter {
  /** The header the poller signs the mail it hands to the pipeline in. */
  public static final String SIGNATURE_HEADER = "X-Omni-Mail-Signature";

  private final MailConfig config;
  private final String key;

  /**
   * Creates the adapter.
   *
   * @param config the mailbox's configuration
   */
  public MailAdapter(MailConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.key = MailConfig.hex(config.signingKey());
  }

  /** @return the configuration */
  public MailConfig config() {
    return config;
  }

  @Override
  public String id() {
    return config.id();
  }

  @Override
  public ChannelId channel() {
    return Channels.EMAIL.id();
  }

  /**
   * The signature the poller puts on a mail it hands over.
   *
   * @param raw the mail
   * @return the hex HMAC-SHA256 of it under the configuration's key
   */
  String sign(byte[] raw) {
    return Hmac.sha256Hex(key, raw);
  }

  /**
   * Checks the poller's signature over the raw mail, in constant time.
   *
   * @throws SignatureException if it is missing or wrong
   */
  @Override
  public void verify(WebhookRequest request) {
    Optional<String> given = request.header(SIGNATURE_HEADER);
    if (given.isEmpty() || given.get().isBlank()) {
      throw new SignatureException(SIGNATURE_HEADER + " header is missing: mail comes in through the IMAP poller", true);
    }
    if (!Hmac.constantTimeEquals(sign(request.body()), given.get().strip())) {
      throw new SignatureException(SIGNATURE_HEADER + " does not match the mail", false);
    }
  }

  /**
   * Parses one mail (see the class comment and {@link MailConfig}).
   *
   * @throws InvalidInputException if the body is no readable mail
   */
  @Override
  public List<InboundEvent> parse(WebhookRequest request) {
    return MailParsing.parse(request.body(), config);
  }

  // ------------------------------------------------------------------ outbound

  /**
   * Sends a mail that starts a thread, with the configured subject.
   *
   * @throws DeliveryException classified as in the class comment
   */
  @Override
  public SendReceipt send(OutboundMessage message) {
    return deliver(message, null);
  }

  /**
   * Sends a reply in the thread of the mail it answers.
   *
   * @param message the reply
   * @param answering the mail it answers ({@link MailThread#of} its touchpoint)
   * @return the receipt, its id our {@code Message-ID}
   * @throws DeliveryException classified as in the class comment
   */
  public SendReceipt send(OutboundMessage message, MailThread answering) {
    return deliver(message, Objects.requireNonNull(answering, "answering"));
  }

  /** Our {@code Message-ID} for an idempotency key, without angle brackets. */
  String messageId(String idempotencyKey) {
    String local = idempotencyKey.matches("[A-Za-z0-9._-]{1,64}") ? idempotencyKey
        : MailParsing.sha256(idempotencyKey.getBytes(StandardCharsets.UTF_8)).substring(0, 32);
    return "omni." + local + "@" + config.messageIdDomain();
  }

  private SendReceipt deliver(OutboundMessage message, @Nullable MailThread thread) {
    if (message.recipient().kind() != IdentityKind.EMAIL) {
      throw failure(Reason.REJECTED, null, "recipient must be an EMAIL identity, was: " + message.recipient().kind(), null);
    }
    if (message.template().isPresent() || !message.attachments().isEmpty() || message.text().isEmpty()) {
      throw failure(Reason.REJECTED, null, "mail over SMTP is sent as text: no template, no attachment", null);
    }
    String id = messageId(message.idempotencyKey());
    MailServer smtp = config.smtp();
    Session session = Session.getInstance(smtpProperties(smtp));
    try {
      MimeMessage mail = new OwnIdMessage(session, "<" + id + ">");
      mail.setFrom(config.displayName().isPresent()
          ? new InternetAddress(config.address(), config.displayName().get(), "UTF-8") : new InternetAddress(config.address()));
      mail.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(message.recipient().value()));
      mail.setSubject(thread == null ? config.subject() : thread.replySubject(config.subject()), "UTF-8");
      mail.setSentDate(Date.from(config.clock().instant()));
      if (thread != null) {
        mail.setHeader("In-Reply-To", "<" + thread.messageId() + ">");
        StringBuilder refs = new StringBuilder();
        for (String r : thread.replyReferences()) {
          refs.append(refs.length() == 0 ? "" : " ").append('<').append(r).append('>');
        }
        mail.setHeader("References", refs.toString());
      }
      mail.setText(message.text().get(), "UTF-8");
      mail.saveChanges();
      try (Transport transport = session.getTransport(smtp.security() == MailServer.Security.TLS ? "smtps" : "smtp")) {
        transport.connect(smtp.host(), smtp.port(), smtp.username().orElse(null),
            smtp.username().isPresent() ? smtp.password() : null);
        transport.sendMessage(mail, mail.getAllRecipients());
      }
      return new SendReceipt(id, DeliveryStatus.SENT);
    } catch (AuthenticationFailedException e) {
      throw failure(Reason.UNAUTHORIZED, null, "the SMTP server refused the login", e);
    } catch (SMTPAddressFailedException e) {
      throw failure(e.getReturnCode() >= 500 ? Reason.RECIPIENT_UNREACHABLE : Reason.TEMPORARY,
          Integer.toString(e.getReturnCode()), "recipient refused: " + MailParsing.abbreviate(e.getMessage()), e);
    } catch (SendFailedException e) {
      SMTPAddressFailedException refused = find(e, SMTPAddressFailedException.class);
      if (refused != null) {
        throw failure(refused.getReturnCode() >= 500 ? Reason.RECIPIENT_UNREACHABLE : Reason.TEMPORARY,
            Integer.toString(refused.getReturnCode()), "recipient refused: " + MailParsing.abbreviate(refused.getMessage()), e);
      }
      int code = e instanceof SMTPSendFailedException s ? s.getReturnCode() : -1;
      throw failure(code >= 400 && code < 500 ? Reason.TEMPORARY : code >= 500 ? Reason.REJECTED : Reason.TEMPORARY,
          code > 0 ? Integer.toString(code) : null, "the SMTP server refused the mail: "
              + MailParsing.abbreviate(String.valueOf(e.getMessage())), e);
    } catch (MessagingException e) {
      throw failure(Reason.TEMPORARY, null, "SMTP failed: " + MailParsing.abbreviate(String.valueOf(e.getMessage())), e);
    } catch (UnsupportedEncodingException e) {
      throw failure(Reason.REJECTED, null, "the display name cannot be encoded", e);
    }
  }

  private static <T extends Throwable> @Nullable T find(MessagingException e, Class<T> type) {
    Exception next = e.getNextException();
    for (int i = 0; next != null && i < 10; i++) {
      if (type.isInstance(next)) {
        return type.cast(next);
      }
      next = next instanceof MessagingException m ? m.getNextException() : null;
    }
    return null;
  }

  private DeliveryException failure(Reason reason, @Nullable String code, String message, @Nullable Throwable cause) {
    return new DeliveryException(id(), reason, code, null, message, cause);
  }

  private Properties smtpProperties(MailServer smtp) {
    Properties p = new Properties();
    String proto = smtp.security() == MailServer.Security.TLS ? "smtps" : "smtp";
    String ms = Long.toString(config.timeout().toMillis());
    p.put("mail." + proto + ".host", smtp.host());
    p.put("mail." + proto + ".port", Integer.toString(smtp.port()));
    p.put("mail." + proto + ".auth", Boolean.toString(smtp.username().isPresent()));
    p.put("mail." + proto + ".connectiontimeout", ms);
    p.put("mail." + proto + ".timeout", ms);
    p.put("mail." + proto + ".writetimeout", ms);
    if (smtp.security() == MailServer.Security.STARTTLS) {
      p.put("mail.smtp.starttls.enable", "true");
      p.put("mail.smtp.starttls.required", "true");
    }
    if (smtp.security() != MailServer.Security.NONE) {
      p.put("mail." + proto + ".ssl.checkserveridentity", "true");
    }
    return p;
  }

  /** A message that keeps the {@code Message-ID} it was given instead of generating one. */
  private static final class OwnIdMessage extends MimeMessage {
    private final String id;

    OwnIdMessage(Session session, String id) {
      super(session);
      this.id = id;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      setHeader("Message-ID", id);
    }
  }
}
