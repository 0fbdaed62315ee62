package io.github.omnictx.channels.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.IdentityKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import okhttp3.OkHttpClient;

/**
 * Small helpers the adapters share when turning provider values into Omni values. Not API.
 * Thread-safe.
 */
public final class Parsing {
  private static final OkHttpClient DEFAULT_CLIENT = new OkHttpClient.Builder()
      .connectTimeout(java.time.Duration.ofSeconds(10))
      .readTimeout(java.time.Duration.ofSeconds(30))
      .callTimeout(java.time.Duration.ofSeconds(45))
      .build();

  private Parsing() {}

  /**
   * The OkHttp client adapters use when the application gives none: one shared instance, so its
   * connection pool and threads are shared too (OkHttp's advice).
   *
   * @return the shared default client
   */
  public static OkHttpClient defaultClient() {
    return DEFAULT_CLIENT;
  }

  /**
   * A channel handle from a provider field.
   *
   * @param kind the identity kind
   * @param value the provider's id
   * @param path where it was, for the message
   * @return the identity
   * @throws InvalidInputException if the value is not a valid identity of that kind
   */
  public static Identity handle(IdentityKind kind, String value, String path) {
    try {
      return Identity.of(kind, value);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(path, path + " is not a valid " + kind + " id: " + e.getMessage(), e);
    }
  }

  /**
   * A phone identity from a number the provider vouches for, with or without the leading {@code +}
   * (WhatsApp {@code wa_id}, Telegram {@code contact.phone_number}): the provider's network reaches
   * it, so a possible number is taken ({@link Identity#phoneLenient(String)}) even where
   * libphonenumber's metadata does not call it valid.
   *
   * @param number the number in international form, digits with an optional {@code +}
   * @return the phone identity, or empty when the number is not a possible phone number (then the
   *     event is still recorded under its channel handle)
   */
  public static Optional<Identity> internationalPhone(String number) {
    String n = number.strip();
    if (n.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Identity.phoneLenient(n.startsWith("+") ? n : "+" + n));
    } catch (IllegalArgumentException notAPhone) {
      return Optional.empty();
    }
  }

  /**
   * The identities of a WhatsApp sender, the one rule for every WhatsApp adapter (Cloud API and
   * Twilio): the {@link IdentityKind#WHATSAPP} id first, always; then the {@link IdentityKind#PHONE}
   * it is when {@link #internationalPhone} takes it as a phone number. An id that is no phone number
   * (a username-style id) or a number libphonenumber calls impossible (an old-style Mexican {@code
   * +521…} mobile) is still a WhatsApp sender: the message is recorded under the WhatsApp identity.
   *
   * @param waId the WhatsApp id ({@code wa_id}, Twilio's {@code WaId} or the part after {@code
   *     whatsapp:}), with or without {@code +}
   * @param path where it was, for the message
   * @return the identities, the WhatsApp one first
   * @throws InvalidInputException if the id is not a valid WhatsApp id (blank, control characters)
   */
  public static List<Identity> whatsAppSender(String waId, String path) {
    List<Identity> out = new ArrayList<>(2);
    out.add(handle(IdentityKind.WHATSAPP, waId, path));
    String digits = out.get(0).value();
    if (digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      internationalPhone(digits).ifPresent(out::add);
    }
    return out;
  }

  /**
   * An array element that must be an object.
   *
   * @param array the array
   * @param index the index
   * @param path the array's path
   * @return the element
   * @throws InvalidInputException if it is not an object
   */
  public static ObjectNode element(JsonNode array,
      int index, String path) {
    JsonNode n = array.get(index);
    if (n == null || !n.isObject()) {
      throw JsonBody.wrongType(path + "[" + index + "]", "an object", n);
    }
    return (ObjectNode) n;
  }

  /**
   * A number field as exact decimal text (coordinates).
   *
   * @param parent the parent
   * @param field the field
   * @param path the parent's path
   * @return the number as plain decimal text
   * @throws InvalidInputException if absent, not a number, or beyond {@link
   *     io.github.omnictx.core.Limits#MAX_DIGITS} (checked before the text is made)
   */
  public static String decimal(JsonNode parent, String field, String path) {
    JsonNode n = parent.get(field);
    if (n == null || !n.isNumber() || ((n.isDouble() || n.isFloat()) && !Double.isFinite(n.doubleValue()))) {
      throw JsonBody.wrongType(path + "." + field, "a number", n);
    }
    String problem = io.github.omnictx.core.internal.Checks.decimalProblem(n.decimalValue());
    if (problem != null) {
      throw new InvalidInputException(path + "." + field, path + "." + field + " " + problem);
    }
    return n.decimalValue().toPlainString();
  }

  /**
   * Parses a provider's response body leniently: anything that is not JSON becomes a missing node,
   * so error classification can fall back to the HTTP status.
   *
   * @param body the body text
   * @return the JSON, or a missing node
   */
  public static JsonNode lenient(String body) {
    try {
      JsonNode n = JsonBody.MAPPER.readTree(body);
      return n == null ? JsonBody.MAPPER.missingNode() : n;
    } catch (Exception notJson) {
      return JsonBody.MAPPER.missingNode();
    }
  }

  /**
   * Shortens a provider's body for an error message.
   *
   * @param body the body
   * @return at most 200 characters of it
   */
  public static String abbreviate(String body) {
    if (body.isEmpty()) {
      return "no body";
    }
    return body.length() > 200 ? body.substring(0, 200) + "…" : body;
  }

  /**
   * Rejects a configured secret or id that is blank.
   *
   * @param value the value
   * @param field the field name
   * @return the value
   * @throws IllegalArgumentException if blank
   */
  public static String configured(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank, was: " + (value == null ? "null" : "'" + value + "'"));
    }
    return value;
  }

  /**
   * Normalises an API base URL to end with a slash.
   *
   * @param url the URL, e.g. {@code https://api.telegram.org}
   * @param field the field name
   * @return the URL ending in {@code /}
   * @throws IllegalArgumentException if it is not an http(s) URL
   */
  public static String baseUrl(String url, String field) {
    if (url == null || okhttp3.HttpUrl.parse(url) == null) {
      throw new IllegalArgumentException(field + " must be an http(s) URL, was: " + (url == null ? "null" : "'" + url + "'"));
    }
    return url.endsWith("/") ? url : url + "/";
  }

  /**
   * Parses a configured absolute http(s) URL (a callback URL).
   *
   * @param url the URL
   * @param field the field name
   * @return the parsed URL
   * @throws IllegalArgumentException if it is null or not an absolute http(s) URL
   */
  public static okhttp3.HttpUrl httpUrl(String url, String field) {
    okhttp3.HttpUrl parsed = url == null ? null : okhttp3.HttpUrl.parse(url);
    if (parsed == null) {
      throw new IllegalArgumentException(field + " must be an absolute http(s) URL, was: " + url);
    }
    return parsed;
  }

  /**
   * Parses a configured API base URL that must already end with a slash (unlike {@link #baseUrl},
   * which appends one).
   *
   * @param url the URL, e.g. {@code https://api.eu.mailgun.net/}
   * @param field the field name
   * @return the parsed URL
   * @throws IllegalArgumentException if it is null, not an absolute http(s) URL, or has no trailing slash
   */
  public static okhttp3.HttpUrl slashedUrl(String url, String field) {
    okhttp3.HttpUrl parsed = url == null ? null : okhttp3.HttpUrl.parse(url);
    if (parsed == null || !url.endsWith("/")) {
      throw new IllegalArgumentException(field + " must be an absolute http(s) URL ending in /, was: " + url);
    }
    return parsed;
  }
}
