package io.github.omnictx.channels.email;

import io.github.omnictx.core.identity.Identity;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * How one mailbox of the retailer's is reached: the shop's address (the {@code From} of every
 * mail sent, and whose mail is never taken for a customer's), the SMTP server mail goes out
 * through, the IMAP server and folder mail comes in from, and the rules for incoming mail.
 * Immutable and thread-safe; {@link #toString()} shows no password and no key.
 *
 * <p>The rules for incoming mail, documented here because the poller and the adapter apply them
 * together:
 * <ul>
 *   <li>A mail larger than {@link #maxMailBytes()} (default 512 KiB, under the webhook pipeline's
 *       default body limit of 1 MiB) is recorded without its attachments: the poller hands the
 *       pipeline a copy with every part that is not text replaced by a note of its file name, type
 *       and size, and the touchpoint lists each under {@code omittedAttachments} with the reason.
 *       The text is always kept.
 *   <li>A mail without a usable sender address (no {@code From} or {@code Sender}, or one that is
 *       no valid address) is not recorded: it names no one to record it for. It is acknowledged as
 *       ignored with the reason, logged, and the poller moves past it.
 *   <li>A mail from the shop's own address, and an automatic reply ({@code Auto-Submitted} other
 *       than {@code no}: out-of-office notes, bounces), is ignored, so two auto-responders never
 *       talk to each other through Omni.
 * </ul>
 */
public final class MailConfig {
  /** The default {@link #maxMailBytes()}: 512 KiB. */
  public static final int DEFAULT_MAX_MAIL_BYTES = 512 * 1024;

  private final String id;
  private final String address;
  private final Optional<String> displayName;
  private final MailServer smtp;
  private final Optional<MailServer> imap;
  private final String folder;
  private final String messageIdDomain;
  private final String subject;
  private final int maxMailBytes;
  private final byte[] signingKey;
  private final Duration timeout;
  private final Clock clock;

  private MailConfig(Builder b) {
    this.id = b.id;
    this.address = b.address;
    this.displayName = b.displayName;
    this.smtp = b.smtp;
    this.imap = b.imap;
    this.folder = b.folder;
    this.messageIdDomain = b.messageIdDomain;
    this.subject = b.subject;
    this.maxMailBytes = b.maxMailBytes;
    this.signingKey = b.signingKey.clone();
    this.timeout = b.timeout;
    this.clock = b.clock;
  }

  /**
   * Starts a builder.
   *
   * @param address the shop's e-mail address, e.g. {@code service@shop.example}
   * @param smtp the SMTP server mail is sent through
   * @return a builder without IMAP (add it with {@link Builder#imap}), folder {@code INBOX}
   * @throws IllegalArgumentException if the address is no valid e-mail address or the server null
   */
  public static Builder builder(String address, MailServer smtp) {
    return new Builder(address, smtp);
  }

  /** @return a builder holding this configuration */
  public Builder toBuilder() {
    Builder b = new Builder(address, smtp).id(id).folder(folder).messageIdDomain(messageIdDomain).subject(subject)
        .maxMailBytes(maxMailBytes).signingKey(signingKey).timeout(timeout).clock(clock);
    displayName.ifPresent(b::displayName);
    imap.ifPresent(b::imap);
    return b;
  }

  /** @return the adapter id (default {@code mail}) */
  public String id() {
    return id;
  }

  /** @return the shop's address, normalised */
  public String address() {
    return address;
  }

  /** @return the display name on sent mail, if set */
  public Optional<String> displayName() {
    return displayName;
  }

  /** @return the SMTP server */
  public MailServer smtp() {
    return smtp;
  }

  /** @return the IMAP server, if mail is read */
  public Optional<MailServer> imap() {
    return imap;
  }

  /** @return the IMAP folder read (default {@code INBOX}) */
  public String folder() {
    return folder;
  }

  /** @return the domain of the {@code Message-ID}s of sent mail (default the address's) */
  public String messageIdDomain() {
    return messageIdDomain;
  }

  /** @return the subject of a mail that starts a thread */
  public String subject() {
    return subject;
  }

  /** @return the largest mail handed over with its attachments, in bytes */
  public int maxMailBytes() {
    return maxMailBytes;
  }

  byte[] signingKey() {
    return signingKey.clone();
  }

  /** @return the connect and read timeout of both servers */
  public Duration timeout() {
    return timeout;
  }

  /** @return the clock */
  public Clock clock() {
    return clock;
  }

  @Override
  public String toString() {
    return "MailConfig[id=" + id + ", address=" + address + ", smtp=" + smtp + ", imap=" + imap.map(Object::toString)
        .orElse("none") + ", folder=" + folder + "]";
  }

  /** Builds a {@link MailConfig}. Not thread-safe. */
  public static final class Builder {
    private String id = "mail";
    private final String address;
    private Optional<String> displayName = Optional.empty();
    private MailServer smtp;
    private Optional<MailServer> imap = Optional.empty();
    private String folder = "INBOX";
    private String messageIdDomain;
    private String subject;
    private int maxMailBytes = DEFAULT_MAX_MAIL_BYTES;
    private byte[] signingKey = randomKey();
    private Duration timeout = Duration.ofSeconds(30);
    private Clock clock = Clock.systemUTC();

    private Builder(String address, MailServer smtp) {
      try {
        this.address = Identity.email(address).value();
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("address must be the shop's e-mail address: " + e.getMessage(), e);
      }
      this.smtp = Objects.requireNonNull(smtp, "smtp");
      this.messageIdDomain = this.address.substring(this.address.indexOf('@') + 1);
      this.subject = "A message from " + this.address;
    }

    private static byte[] randomKey() {
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      return key;
    }

    /**
     * @param id the adapter id, 1-32 characters of {@code a-z0-9-} starting with a letter
     * @return this builder
     */
    public Builder id(String id) {
      if (id == null || !id.matches("[a-z][a-z0-9-]{0,31}")) {
        throw new IllegalArgumentException("id must be 1-32 characters of a-z0-9- starting with a letter, was: " + id);
      }
      this.id = id;
      return this;
    }

    /**
     * @param name the display name on sent mail, e.g. {@code Grocer customer service}
     * @return this builder
     */
    public Builder displayName(String name) {
      if (name == null || name.isBlank() || name.chars().anyMatch(Character::isISOControl)) {
        throw new IllegalArgumentException("displayName must be a non-blank line of text, was: " + name);
      }
      this.displayName = Optional.of(name);
      this.subject = "A message from " + name;
      return this;
    }

    /**
     * @param server the SMTP server mail is sent through
     * @return this builder
     */
    public Builder smtp(MailServer server) {
      this.smtp = Objects.requireNonNull(server, "smtp");
      return this;
    }

    /**
     * @param server the IMAP server incoming mail is read from
     * @return this builder
     */
    public Builder imap(MailServer server) {
      this.imap = Optional.of(Objects.requireNonNull(server, "imap"));
      return this;
    }

    /**
     * @param folder the IMAP folder to read, default {@code INBOX}
     * @return this builder
     */
    public Builder folder(String folder) {
      if (folder == null || folder.isBlank() || folder.length() > 200 || folder.chars().anyMatch(Character::isISOControl)) {
        throw new IllegalArgumentException("folder must be an IMAP folder name of at most 200 characters, was: " + folder);
      }
      this.folder = folder;
      return this;
    }

    /**
     * @param domain the domain of our {@code Message-ID}s
     * @return this builder
     */
    public Builder messageIdDomain(String domain) {
      if (domain == null || !domain.matches("[A-Za-z0-9.-]{1,253}")) {
        throw new IllegalArgumentException("messageIdDomain must be a domain name, was: " + domain);
      }
      this.messageIdDomain = domain;
      return this;
    }

    /**
     * @param subject the subject of a mail that starts a thread (a reply's is {@code Re:} and the
     *     subject it answers)
     * @return this builder
     */
    public Builder subject(String subject) {
      if (subject == null || subject.isBlank() || subject.chars().anyMatch(Character::isISOControl)) {
        throw new IllegalArgumentException("subject must be a non-blank line of text, was: " + subject);
      }
      this.subject = subject;
      return this;
    }

    /**
     * @param bytes the largest mail handed over with its attachments (see the class comment),
     *     4 KiB to 64 MiB; keep it under the webhook pipeline's body limit
     * @return this builder
     */
    public Builder maxMailBytes(int bytes) {
      if (bytes < 4096 || bytes > 64 * 1024 * 1024) {
        throw new IllegalArgumentException("maxMailBytes must be between 4096 and 67108864, was: " + bytes);
      }
      this.maxMailBytes = bytes;
      return this;
    }

    /**
     * Sets the key the poller signs the mail it hands to the pipeline with (random per
     * configuration by default, which is right unless a poller and the adapter it feeds are built
     * from different configurations).
     *
     * @param key at least 32 bytes
     * @return this builder
     */
    public Builder signingKey(byte[] key) {
      if (key == null || key.length < 32) {
        throw new IllegalArgumentException("signingKey must be at least 32 bytes, was: "
            + (key == null ? "null" : key.length + " bytes"));
      }
      this.signingKey = key.clone();
      return this;
    }

    /**
     * @param timeout the connect and read timeout, 1 second to 5 minutes
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      if (timeout == null || timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofMinutes(5)) > 0) {
        throw new IllegalArgumentException("timeout must be between 1 second and 5 minutes, was: " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** @return the configuration */
    public MailConfig build() {
      return new MailConfig(this);
    }
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
