package io.github.omnictx.channels.email;

import java.util.Optional;

/**
 * Where one mail server (SMTP or IMAP) is reached and how: host, port, transport security and the
 * login. Immutable and thread-safe; {@link #toString()} never shows the password.
 *
 * @param host the host name
 * @param port the port, 1-65535 (SMTP: 587 with STARTTLS, 465 with TLS; IMAP: 993 with TLS)
 * @param security how the connection is protected
 * @param username the login, if the server asks for one
 * @param password the password of the login
 */
public record MailServer(String host, int port, Security security, Optional<String> username, String password) {

  /** How the connection is protected. */
  public enum Security {
    /** Implicit TLS from the first byte (SMTPS 465, IMAPS 993). */
    TLS,
    /** A plain connection upgraded with STARTTLS, which must succeed. */
    STARTTLS,
    /** No protection: only for a server on the same host or in tests. */
    NONE
  }

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException naming the field that is missing or malformed
   */
  public MailServer {
    if (host == null || !host.matches("[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}\\]")) {
      throw new IllegalArgumentException("host must be a host name or address, was: " + host);
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("port must be 1-65535, was: " + port);
    }
    if (security == null) {
      throw new IllegalArgumentException("security must be TLS, STARTTLS or NONE, was: null");
    }
    if (username == null || password == null) {
      throw new IllegalArgumentException("username and password must not be null (use Optional.empty() and \"\")");
    }
    username.ifPresent(u -> {
      if (u.isBlank()) {
        throw new IllegalArgumentException("username must not be blank when present");
      }
    });
  }

  /**
   * A server with a login.
   *
   * @param host the host
   * @param port the port
   * @param security the security
   * @param username the login
   * @param password its password
   * @return the server
   */
  public static MailServer login(String host, int port, Security security, String username, String password) {
    return new MailServer(host, port, security, Optional.ofNullable(username), password == null ? "" : password);
  }

  @Override
  public String toString() {
    return "MailServer[" + username.map(u -> u + "@").orElse("") + host + ":" + port + ", " + security + "]";
  }
}
