package io.github.omnictx.core.webhook;

import io.github.omnictx.core.internal.Checks;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An HTTP request as the application's own server received it, handed to Omni untouched: method,
 * the public URL the provider called, headers, query parameters and the raw body bytes. Signatures
 * are verified over exactly these bytes, so never re-serialise a body before passing it.
 *
 * <p>Header names are case-insensitive. Immutable and thread-safe: the body is copied in and out.
 */
public final class WebhookRequest {
  private final String method;
  private final String url;
  private final String path;
  private final Map<String, List<String>> headers;
  private final Map<String, List<String>> query;
  private final byte[] body;

  private WebhookRequest(Builder b) {
    this.method = b.method;
    this.url = b.url;
    this.path = b.path;
    TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    b.headers.forEach((k, v) -> h.put(k, List.copyOf(v)));
    this.headers = Collections.unmodifiableMap(h);
    TreeMap<String, List<String>> q = new TreeMap<>();
    b.query.forEach((k, v) -> q.put(k, List.copyOf(v)));
    this.query = Collections.unmodifiableMap(q);
    this.body = b.body.clone();
  }

  /**
   * Starts a builder.
   *
   * @param method the HTTP method, e.g. {@code "POST"}
   * @param url the full public URL the provider called, with query string (Twilio signs it)
   * @return a builder; the path and query are taken from the URL
   * @throws IllegalArgumentException if the method is blank or the URL is not absolute
   */
  public static Builder builder(String method, String url) {
    return new Builder(method, url);
  }

  /** @return the HTTP method, upper case */
  public String method() {
    return method;
  }

  /** @return the full public URL the provider called, with its query string */
  public String url() {
    return url;
  }

  /** @return the URL's path */
  public String path() {
    return path;
  }

  /** @return every header, names case-insensitive */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /**
   * The first value of a header.
   *
   * @param name the header name, any case
   * @return the value, if sent
   */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** @return every query parameter, decoded */
  public Map<String, List<String>> query() {
    return query;
  }

  /**
   * The first value of a query parameter.
   *
   * @param name the parameter name
   * @return the decoded value, if present
   */
  public Optional<String> queryParam(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** @return a copy of the raw body bytes */
  public byte[] body() {
    return body.clone();
  }

  /** @return the body's length in bytes */
  public int bodyLength() {
    return body.length;
  }

  /** @return the body decoded as UTF-8 (malformed bytes replaced) */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** @return the media type of the body without parameters, lower case, if a Content-Type was sent */
  public Optional<String> contentType() {
    return header("Content-Type").map(v -> {
      int semi = v.indexOf(';');
      return (semi < 0 ? v : v.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    });
  }

  @Override
  public String toString() {
    return "WebhookRequest[" + method + " " + path + ", " + body.length + " bytes]";
  }

  /** Builds a {@link WebhookRequest}. Not thread-safe. */
  public static final class Builder {
    private final String method;
    private final String url;
    private final String path;
    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, List<String>> query = new TreeMap<>();
    private byte[] body = new byte[0];

    private Builder(String method, String url) {
      this.method = Checks.notBlank(method, "method").strip().toUpperCase(Locale.ROOT);
      Checks.notBlank(url, "url");
      java.net.URI uri;
      try {
        uri = java.net.URI.create(url);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("url must be an absolute URL, was: " + Checks.quote(url), e);
      }
      if (!uri.isAbsolute() || uri.getRawPath() == null) {
        throw new IllegalArgumentException("url must be an absolute URL, was: " + Checks.quote(url));
      }
      this.url = url;
      this.path = uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      if (uri.getRawQuery() != null) {
        FormData.parse(uri.getRawQuery()).forEach((k, v) -> query.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
      }
    }

    /**
     * Adds a header value.
     *
     * @param name the header name
     * @param value the value
     * @return this builder
     */
    public Builder header(String name, String value) {
      Checks.notBlank(name, "header name");
      Checks.notNull(value, "header " + name);
      headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      return this;
    }

    /**
     * Adds every value of every header (e.g. from {@code HttpExchange.getRequestHeaders()}).
     *
     * @param all headers by name
     * @return this builder
     */
    public Builder headers(Map<String, ? extends List<String>> all) {
      Checks.notNull(all, "headers").forEach((k, vs) -> vs.forEach(v -> header(k, v)));
      return this;
    }

    /**
     * Sets the raw body.
     *
     * @param bytes the body exactly as received (copied)
     * @return this builder
     */
    public Builder body(byte[] bytes) {
      this.body = Checks.notNull(bytes, "body").clone();
      return this;
    }

    /**
     * Sets the body from text, encoded as UTF-8 (for tests and text payloads).
     *
     * @param text the body
     * @return this builder
     */
    public Builder body(String text) {
      this.body = Checks.notNull(text, "body").getBytes(StandardCharsets.UTF_8);
      return this;
    }

    /** @return the request */
    public WebhookRequest build() {
      return new WebhookRequest(this);
    }
  }
}
