package io.github.omnictx.channels.email;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.omnictx.channels.internal.JsonBody;
import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.channel.spi.Attachment;
import io.github.omnictx.core.channel.spi.IgnoredEvent;
import io.github.omnictx.core.channel.spi.InboundEvent;
import io.github.omnictx.core.channel.spi.InboundTouch;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.timeline.TouchpointType;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one raw mail (RFC 5322 bytes) into the events it reports, by the rules on {@link
 * MailConfig}. Stateless and thread-safe.
 */
final class MailParsing {
  /** The header the poller puts on a part it left out, with the part's size in bytes. */
  static final String OMITTED_SIZE = "X-Omni-Omitted-Size";
  private static final Session SESSION = Session.getInstance(new Properties());
  private static final Pattern MESSAGE_ID = Pattern.compile("<([^<>\\s]{1,250})>");
  private static final int MAX_TEXT = 100_000;

  private MailParsing() {}

  static MimeMessage mime(byte[] raw) {
    try {
      return new MimeMessage(SESSION, new ByteArrayInputStream(raw));
    } catch (MessagingException e) {
      throw new InvalidInputException("body", "body is not a mail: " + e.getMessage(), e);
    }
  }

  /** The mail's id without angle brackets: its {@code Message-ID}, else a digest of its bytes. */
  static String externalId(MimeMessage m, byte[] raw) throws MessagingException {
    Optional<String> id = firstId(m.getHeader("Message-ID", null));
    return id.orElseGet(() -> "sha256-" + sha256(raw));
  }

  static Optional<String> firstId(String header) {
    if (header == null) {
      return Optional.empty();
    }
    Matcher mm = MESSAGE_ID.matcher(header);
    return mm.find() ? Optional.of(mm.group(1)) : Optional.empty();
  }

  static List<String> ids(String header) {
    List<String> out = new ArrayList<>();
    if (header != null) {
      Matcher mm = MESSAGE_ID.matcher(header);
      while (mm.find() && out.size() < 50) {
        out.add(mm.group(1));
      }
    }
    return out;
  }

  static List<InboundEvent> parse(byte[] raw, MailConfig config) {
    MimeMessage m = mime(raw);
    try {
      String id = externalId(m, raw);
      Optional<String> auto = Optional.ofNullable(m.getHeader("Auto-Submitted", null)).map(String::strip);
      if (auto.isPresent() && !auto.get().toLowerCase(Locale.ROOT).startsWith("no")) {
        return List.of(new IgnoredEvent("mail", "an automatic reply (Auto-Submitted: " + abbreviate(auto.get()) + ")"));
      }
      Optional<InternetAddress> from = sender(m);
      if (from.isEmpty()) {
        return List.of(new IgnoredEvent("mail", "no usable sender address: the mail names no one to record it for"));
      }
      Identity who;
      try {
        who = Identity.email(from.get().getAddress());
      } catch (IllegalArgumentException e) {
        return List.of(new IgnoredEvent("mail", "no usable sender address: " + abbreviate(e.getMessage())));
      }
      if (who.value().equals(config.address())) {
        return List.of(new IgnoredEvent("mail", "sent from the shop's own address"));
      }
      Body body = new Body();
      walk(m, body, 0);
      String full = body.text.length() > 0 ? body.text.toString() : htmlToText(body.html.toString());
      if (full.length() > MAX_TEXT) {
        full = full.substring(0, MAX_TEXT);
      }
      String subject = clean(Optional.ofNullable(m.getSubject()).orElse("")).replaceAll("\\p{Cntrl}", " ").strip();
      Instant at = sentAt(m.getSentDate(), config);
      ObjectNode payload = JsonBody.MAPPER.createObjectNode();
      payload.put("messageId", id);
      payload.put("from", clean(from.get().toUnicodeString()));
      ArrayNode to = payload.putArray("to");
      for (Address a : Optional.ofNullable(m.getRecipients(MimeMessage.RecipientType.TO)).orElse(new Address[0])) {
        to.add(clean(a instanceof InternetAddress ia ? ia.toUnicodeString() : a.toString()));
      }
      payload.put("subject", subject);
      firstId(m.getHeader("In-Reply-To", null)).ifPresent(r -> payload.put("inReplyTo", r));
      ArrayNode refs = payload.putArray("references");
      ids(m.getHeader("References", null)).forEach(refs::add);
      payload.put("fullText", full);
      if (!body.omitted.isEmpty()) {
        payload.set("omittedAttachments", body.omitted);
      }
      String stripped = QuotedText.strip(full);
      Optional<String> name = Optional.ofNullable(from.get().getPersonal()).map(MailParsing::clean).map(String::strip).filter(s -> !s.isEmpty());
      Optional<String> topic = subject.isEmpty() ? Optional.empty()
          : Optional.of(subject.length() > 128 ? subject.substring(0, 128) : subject);
      return List.of(new InboundTouch(id, List.of(who), name, at, TouchpointType.MESSAGE, Direction.INBOUND,
          stripped.isEmpty() ? Optional.empty() : Optional.of(stripped), body.attachments, topic, payload));
    } catch (MessagingException | IOException e) {
      throw new InvalidInputException("body", "the mail cannot be read: " + abbreviate(String.valueOf(e.getMessage())), e);
    } catch (RuntimeException e) {
      // the MIME parser's own failure on a hostile mail (a bad encoding, a broken multipart)
      if (e instanceof InvalidInputException invalid) {
        throw invalid;
      }
      throw new InvalidInputException("body", "the mail cannot be read: " + abbreviate(String.valueOf(e.getMessage())), e);
    }
  }

  private static Optional<InternetAddress> sender(MimeMessage m) throws MessagingException {
    for (String header : List.of("From", "Sender")) {
      String value = m.getHeader(header, ",");
      if (value == null || value.isBlank()) {
        continue;
      }
      try {
        InternetAddress[] list = InternetAddress.parseHeader(value, false);
        if (list.length > 0 && list[0].getAddress() != null && !list[0].getAddress().isBlank()) {
          return Optional.of(list[0]);
        }
      } catch (AddressException unusable) {
        // try the next header
      }
    }
    return Optional.empty();
  }

  private static Instant sentAt(Date sent, MailConfig config) {
    Instant now = config.clock().instant();
    if (sent == null) {
      return now;
    }
    Instant at = sent.toInstant();
    // a sender's clock years off, or a date in the future, is no time to order a timeline by
    return at.isBefore(Instant.parse("2000-01-01T00:00:00Z")) || at.isAfter(now.plusSeconds(86_400)) ? now : at;
  }

  private static final class Body {
    final StringBuilder text = new StringBuilder();
    final StringBuilder html = new StringBuilder();
    final List<Attachment> attachments = new ArrayList<>();
    final ArrayNode omitted = JsonBody.MAPPER.createArrayNode();
  }

  private static void walk(Part part, Body body, int depth) throws MessagingException, IOException {
    if (depth > 10) {
      return;
    }
    String[] omittedSize = part.getHeader(OMITTED_SIZE);
    String fileName = fileName(part);
    boolean attached = Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) || fileName != null;
    if (omittedSize != null) {
      ObjectNode o = body.omitted.addObject();
      o.put("name", fileName == null ? "unnamed" : clean(fileName));
      o.put("type", baseType(part));
      o.put("size", clean(omittedSize[0]).strip());
      o.put("reason", "not fetched: the mail was over the size limit, so only its text was kept");
      return;
    }
    if (part.isMimeType("multipart/*")) {
      Object content = part.getContent();
      if (content instanceof Multipart mp) {
        for (int i = 0; i < mp.getCount() && i < 100; i++) {
          BodyPart child = mp.getBodyPart(i);
          walk(child, body, depth + 1);
        }
      }
      return;
    }
    if (!attached && part.isMimeType("text/plain")) {
      body.text.append(body.text.length() > 0 ? "\n" : "").append(read(part));
      return;
    }
    if (!attached && part.isMimeType("text/html")) {
      body.html.append(read(part));
      return;
    }
    String type = baseType(part);
    String kind = type.startsWith("image/") ? "image" : type.startsWith("video/") ? "video"
        : type.startsWith("audio/") ? "audio" : "file";
    body.attachments.add(new Attachment(kind, Optional.empty(), Optional.empty(), Optional.of(type),
        Optional.ofNullable(fileName).map(MailParsing::clean)));
  }

  private static @org.jspecify.annotations.Nullable String fileName(Part part) throws MessagingException {
    String name = part.getFileName();
    if (name == null || name.isBlank()) {
      return null;
    }
    try {
      name = MimeUtility.decodeText(name);
    } catch (java.io.UnsupportedEncodingException keepAsSent) {
      // keep the name as it was sent
    }
    name = name.replaceAll("[\\p{Cntrl}]", "").strip();
    return name.isEmpty() ? null : abbreviate(name);
  }

  private static String baseType(Part part) throws MessagingException {
    String t = part.getContentType();
    if (t == null) {
      return "application/octet-stream";
    }
    String base = t.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    return base.matches("[a-z0-9.+-]{1,64}/[a-z0-9.+-]{1,64}") ? base : "application/octet-stream";
  }

  private static String read(Part part) throws MessagingException, IOException {
    Object content = part.getContent();
    if (content instanceof String s) {
      return clean(s.length() > MAX_TEXT ? s.substring(0, MAX_TEXT) : s);
    }
    try (InputStream in = part.getInputStream()) {
      return clean(new String(in.readNBytes(MAX_TEXT), StandardCharsets.UTF_8));
    }
  }

  /** Drops what no store can hold: NUL and unpaired surrogates. */
  static String clean(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 0) {
        continue;
      }
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        out.append(c).append(s.charAt(++i));
      } else if (!Character.isSurrogate(c)) {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String htmlToText(String html) {
    return html.replaceAll("(?is)<(script|style)[^>]*>.*?</\\1>", " ").replaceAll("(?i)<br\\s*/?>|</p>|</div>", "\n")
        .replaceAll("<[^>]*>", "").replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">")
        .replace("&quot;", "\"").replace("&amp;", "&").replaceAll("[ \\t]+\n", "\n").strip();
  }

  static String abbreviate(@org.jspecify.annotations.Nullable String s) {
    if (s == null) {
      return "(no message)";
    }
    String one = s.replaceAll("[\\p{Cntrl}]", " ");
    return one.length() > 200 ? one.substring(0, 200) + "…" : one;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }
}
