package io.github.omnictx.channels.mailgun;

import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.channel.spi.Attachment;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * A raw MIME message as a Mailgun route ending in {@code mime} forwards it ({@code body-mime}),
 * parsed with Eclipse Angus Mail (Jakarta Mail): the headers Omni records, the first plain-text
 * part that is not an attachment, and the attachments by name and type (their content stays in the
 * mail: Omni keeps no binaries).
 *
 * <p>Hostile mail is bounded: parts nested deeper than {@link #MAX_DEPTH} or more than {@link
 * #MAX_PARTS} parts are refused as invalid input, never recursed into without end. Stateless and
 * thread-safe.
 */
final class MailgunMime {
  /** The deepest multipart nesting read. */
  static final int MAX_DEPTH = 10;
  /** The most parts read from one mail. */
  static final int MAX_PARTS = 200;

  private static final Session SESSION = Session.getInstance(new Properties());

  /**
   * What a mail says.
   *
   * @param messageId the {@code Message-ID} without angle brackets, if any
   * @param from the first {@code From} mailbox, if any
   * @param subject the decoded {@code Subject}, if any
   * @param text the first plain-text body part, if any
   * @param attachments the attachments by name and type
   */
  record Parsed(Optional<String> messageId, Optional<EmailAddress> from, Optional<String> subject,
      Optional<String> text, List<Attachment> attachments) {}

  private MailgunMime() {}

  /**
   * Parses the raw message.
   *
   * @param raw the message as Mailgun forwarded it
   * @return what it says
   * @throws InvalidInputException if it is not a readable MIME message or is beyond the bounds
   */
  static Parsed parse(String raw) {
    try {
      // The form field was decoded as UTF-8: encoding it back gives the bytes Mailgun sent.
      MimeMessage m = new MimeMessage(SESSION, new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
      Optional<String> id = Optional.ofNullable(m.getMessageID()).map(EmailAddress::bare).filter(s -> !s.isEmpty());
      Optional<EmailAddress> from = Optional.empty();
      Address[] addresses = m.getFrom();
      if (addresses != null && addresses.length > 0 && addresses[0] instanceof InternetAddress a && a.getAddress() != null) {
        from = Optional.of(new EmailAddress(a.getAddress(), Optional.ofNullable(a.getPersonal()).filter(s -> !s.isBlank())));
      }
      Optional<String> subject = Optional.ofNullable(m.getSubject()).map(String::strip).filter(s -> !s.isEmpty());
      Walk walk = new Walk();
      walk.part(m, 0);
      return new Parsed(id, from, subject, Optional.ofNullable(walk.text), walk.attachments);
    } catch (MessagingException | IOException | RuntimeException e) {
      throw new InvalidInputException("body-mime", "body-mime is not a readable MIME message ("
          + e.getClass().getSimpleName() + ")", e);
    }
  }

  /** The walk over the parts, depth-first, in order. */
  private static final class Walk {
    private @Nullable String text;
    private final List<Attachment> attachments = new ArrayList<>();
    private int parts;

    void part(Part p, int depth) throws MessagingException, IOException {
      if (++parts > MAX_PARTS) {
        throw new InvalidInputException("body-mime", "body-mime has more than " + MAX_PARTS + " parts");
      }
      if (depth > MAX_DEPTH) {
        throw new InvalidInputException("body-mime", "body-mime nests parts deeper than " + MAX_DEPTH + " levels");
      }
      String type = baseType(p.getContentType());
      String disposition = p.getDisposition() == null ? "" : p.getDisposition().toLowerCase(Locale.ROOT);
      String name = p.getFileName();
      if (type.startsWith("multipart/")) {
        Object content = p.getContent();
        if (content instanceof Multipart mp) {
          for (int i = 0; i < mp.getCount(); i++) {
            part(mp.getBodyPart(i), depth + 1);
          }
        }
        return;
      }
      boolean attachment = disposition.equals(Part.ATTACHMENT) || (name != null && !name.isBlank());
      if (!attachment && type.equals("text/plain") && text == null) {
        text = readText(p);
        return;
      }
      if (attachment || !type.startsWith("text/")) {
        Optional<String> mime = type.isEmpty() ? Optional.empty() : Optional.of(type);
        attachments.add(new Attachment(MailgunBody.kindOf(mime), Optional.empty(), Optional.empty(), mime,
            Optional.ofNullable(name).filter(s -> !s.isBlank())));
      }
      // an HTML alternative of the text, or a second text part: the first plain text is the message
    }

    private static String readText(Part p) throws MessagingException, IOException {
      Object content = p.getContent();
      if (content instanceof String s) {
        return s;
      }
      try (InputStream in = p.getInputStream()) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }

    private static String baseType(@Nullable String header) {
      if (header == null) {
        return "text/plain";
      }
      try {
        return new ContentType(header).getBaseType().toLowerCase(Locale.ROOT);
      } catch (MessagingException e) {
        return "application/octet-stream";
      }
    }
  }
}
