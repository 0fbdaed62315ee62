package io.github.omnictx.channels.email;

import io.github.omnictx.core.webhook.PollPosition;
import io.github.omnictx.core.webhook.WebhookRequest;
import io.github.omnictx.core.webhook.WebhookResult;
import io.github.omnictx.core.webhook.Webhooks;
import jakarta.mail.BodyPart;
import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Header;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads new mail from the configured IMAP folder and hands each mail to the webhook pipeline under
 * the {@link MailAdapter}'s id, in UID order, remembering in the store (through {@link
 * Webhooks#rememberPollPosition}) the folder's UIDVALIDITY and the last UID handed over. A poller
 * that restarts, here or on another node, goes on after that UID; under a new UIDVALIDITY (the
 * folder was rebuilt and its UIDs may all have changed) it reads the folder again from the start,
 * and the touchpoints' {@code Message-ID} keys keep what was recorded from being recorded twice.
 *
 * <p>A mail the pipeline answered with 2xx or 4xx (recorded, a duplicate, ignored, or refused as
 * no readable mail) is done: the position moves past it. A 5xx (the store is down) stops the
 * round, the position stays before that mail, and the next round tries it again. A mail over
 * {@link MailConfig#maxMailBytes()} is handed over without its attachments (see {@link MailConfig}).
 * Nothing a mailbox holds makes a round throw: a mail that cannot even be fetched is logged and
 * left for the next round, a server that cannot be reached ends the round with the reason.
 *
 * <p>Thread-safe: rounds never overlap ({@link #pollOnce()} is synchronized); {@link #start}
 * runs them on one daemon thread of its own until {@link #close()}.
 */
public final class ImapPoller implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ImapPoller.class);

  private final MailAdapter adapter;
  private final Webhooks webhooks;
  private final MailServer imap;
  private final String source;
  private @Nullable ScheduledExecutorService timer;

  /**
   * What one round did.
   *
   * @param handed mails handed to the pipeline and done with
   * @param recorded touchpoints recorded from them
   * @param stoppedBy why the round ended early (the server, the store), empty when it read all
   */
  public record Round(int handed, int recorded, java.util.Optional<String> stoppedBy) {}

  /**
   * Creates a poller.
   *
   * @param adapter the adapter the mail is handed to (it must be registered on the Omni of {@code webhooks})
   * @param webhooks the tenant's webhook pipeline
   * @throws IllegalArgumentException if the adapter's configuration has no IMAP server
   */
  public ImapPoller(MailAdapter adapter, Webhooks webhooks) {
    this.adapter = Objects.requireNonNull(adapter, "adapter");
    this.webhooks = Objects.requireNonNull(webhooks, "webhooks");
    this.imap = adapter.config().imap().orElseThrow(() ->
        new IllegalArgumentException("imap must be configured on the adapter's MailConfig to poll"));
    String s = "imap://" + imap.username().map(u -> u + "@").orElse("") + imap.host() + ":" + imap.port() + "/"
        + adapter.config().folder();
    this.source = s.length() <= 256 ? s : s.substring(0, 190) + "#" + MailParsing.sha256(s.getBytes(
        java.nio.charset.StandardCharsets.UTF_8));
  }

  /** @return the source name the position is remembered under */
  public String source() {
    return source;
  }

  /**
   * Polls every {@code every} on a daemon thread of its own, first at once.
   *
   * @param every the pause between rounds
   * @return this poller
   * @throws IllegalStateException if already started
   */
  public synchronized ImapPoller start(java.time.Duration every) {
    if (timer != null) {
      throw new IllegalStateException("the poller is already started");
    }
    ScheduledExecutorService t = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread th = new Thread(r, "omni-imap-" + adapter.id());
      th.setDaemon(true);
      return th;
    });
    t.scheduleWithFixedDelay(this::pollQuietly, 0, Math.max(1, every.toMillis()), TimeUnit.MILLISECONDS);
    timer = t;
    return this;
  }

  private void pollQuietly() {
    try {
      pollOnce();
    } catch (RuntimeException e) {
      LOG.error("IMAP poll of {} failed; the next round tries again", source, e);
    }
  }

  /**
   * Reads the mail that arrived since the remembered position, once.
   *
   * @return what the round did
   */
  public synchronized Round pollOnce() {
    Properties p = new Properties();
    String proto = imap.security() == MailServer.Security.TLS ? "imaps" : "imap";
    String ms = Long.toString(adapter.config().timeout().toMillis());
    p.put("mail." + proto + ".connectiontimeout", ms);
    p.put("mail." + proto + ".timeout", ms);
    if (imap.security() == MailServer.Security.STARTTLS) {
      p.put("mail.imap.starttls.enable", "true");
      p.put("mail.imap.starttls.required", "true");
    }
    Session session = Session.getInstance(p);
    int handed = 0;
    int recorded = 0;
    try (Store store = session.getStore(proto)) {
      store.connect(imap.host(), imap.port(), imap.username().orElse(null), imap.password());
      Folder folder = store.getFolder(adapter.config().folder());
      folder.open(Folder.READ_ONLY);
      try {
        UIDFolder uids = (UIDFolder) folder;
        long validity = uids.getUIDValidity();
        PollPosition at = webhooks.pollPosition(adapter.id(), source).filter(pos -> pos.validity() == validity)
            .orElse(new PollPosition(validity, 0));
        Message[] messages = uids.getMessagesByUID(at.last() + 1, UIDFolder.LASTUID);
        FetchProfile profile = new FetchProfile();
        profile.add(UIDFolder.FetchProfileItem.UID);
        profile.add(FetchProfile.Item.SIZE);
        folder.fetch(messages, profile);
        Arrays.sort(messages, Comparator.comparingLong(m -> uid(uids, m)));
        for (Message m : messages) {
          long uid = uid(uids, m);
          if (uid <= at.last()) {
            continue; // IMAP answers "n:*" with the last mail even when it is older than n
          }
          byte[] raw;
          try {
            raw = raw((MimeMessage) m, session);
          } catch (MessagingException | IOException | RuntimeException e) {
            return new Round(handed, recorded, java.util.Optional.of("mail UID " + uid + " could not be fetched: " + e));
          }
          WebhookResult result = webhooks.process(adapter.id(), WebhookRequest.builder("POST", source)
              .header("Content-Type", "message/rfc822").header(MailAdapter.SIGNATURE_HEADER, adapter.sign(raw))
              .body(raw).build());
          int status = result.response().status();
          if (status >= 500) {
            return new Round(handed, recorded, java.util.Optional.of("the pipeline answered " + status + " for mail UID "
                + uid + "; it is tried again next round"));
          }
          if (status >= 400) {
            LOG.warn("mail UID {} of {} refused ({}): {}", uid, source, status,
                new String(result.response().body(), java.nio.charset.StandardCharsets.UTF_8));
          }
          at = new PollPosition(validity, uid);
          webhooks.rememberPollPosition(adapter.id(), source, at);
          handed++;
          recorded += result.recorded().size();
        }
      } finally {
        folder.close(false);
      }
      return new Round(handed, recorded, java.util.Optional.empty());
    } catch (MessagingException | RuntimeException e) {
      LOG.warn("IMAP poll of {} ended early: {}", source, e.toString());
      return new Round(handed, recorded, java.util.Optional.of("IMAP: " + MailParsing.abbreviate(String.valueOf(e))));
    }
  }

  private static long uid(UIDFolder folder, Message m) {
    try {
      return folder.getUID(m);
    } catch (MessagingException e) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * The mail's bytes, as they are when it is within the size limit; otherwise a copy with its
   * headers and text parts and, for every other part, a note of its name, type and size.
   */
  private byte[] raw(MimeMessage m, Session session) throws MessagingException, IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (m.getSize() >= 0 && m.getSize() <= adapter.config().maxMailBytes()) {
      m.writeTo(out);
      return out.toByteArray();
    }
    MimeMessage copy = new KeptIdMessage(session);
    Enumeration<Header> headers = m.getAllHeaders();
    while (headers.hasMoreElements()) {
      Header h = headers.nextElement();
      copy.addHeader(h.getName(), h.getValue());
    }
    Object content = m.getContent();
    if (content instanceof Multipart mp) {
      copy.setContent(reduce(mp));
    } else {
      copy.setText("(the mail was over the size limit and not fetched)", "UTF-8");
    }
    copy.saveChanges();
    copy.writeTo(out);
    return out.toByteArray();
  }

  private static MimeMultipart reduce(Multipart mp) throws MessagingException, IOException {
    String subtype = new jakarta.mail.internet.ContentType(mp.getContentType()).getSubType();
    MimeMultipart out = new MimeMultipart(subtype);
    for (int i = 0; i < mp.getCount(); i++) {
      BodyPart part = mp.getBodyPart(i);
      boolean attached = Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) || part.getFileName() != null;
      if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart inner) {
        MimeBodyPart nested = new MimeBodyPart();
        nested.setContent(reduce(inner));
        out.addBodyPart(nested);
      } else if (!attached && part.isMimeType("text/*")) {
        MimeBodyPart text = new MimeBodyPart();
        text.setText(String.valueOf(part.getContent()), "UTF-8", part.isMimeType("text/html") ? "html" : "plain");
        out.addBodyPart(text);
      } else {
        MimeBodyPart note = new MimeBodyPart();
        note.setText("(attachment not fetched)", "UTF-8");
        note.setHeader("Content-Type", part.getContentType() == null ? "application/octet-stream"
            : part.getContentType().split(";", 2)[0].strip());
        if (part.getFileName() != null) {
          note.setFileName(part.getFileName());
        }
        note.setHeader(MailParsing.OMITTED_SIZE, Integer.toString(part.getSize()));
        out.addBodyPart(note);
      }
    }
    return out;
  }

  /** Stops the rounds started by {@link #start}; a round running finishes. */
  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdown();
      timer = null;
    }
  }

  /** A copy that keeps the original's {@code Message-ID}. */
  private static final class KeptIdMessage extends MimeMessage {
    KeptIdMessage(Session session) {
      super(session);
    }

    @Override
    protected void updateMessageID() {
      // the copied header stays
    }
  }
}
