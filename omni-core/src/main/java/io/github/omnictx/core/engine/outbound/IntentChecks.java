package io.github.omnictx.core.engine.outbound;

import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.channel.Channel;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.internal.Checks;
import io.github.omnictx.core.outbound.OutboundIntent;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The checks of an intent against the channel registry, before anything is read or written: each
 * failure is an {@link InvalidInputException} naming the field. Not API. Stateless.
 */
public final class IntentChecks {
  /** The longest dedup key, in characters. */
  public static final int MAX_DEDUP_KEY = 200;

  private IntentChecks() {}

  /**
   * @param intent the intent
   * @param channels the registered channels
   * @throws InvalidInputException naming the field: {@code dedupKey}, {@code content}, {@code text},
   *     {@code channelTexts.<channel>}, {@code templates.<channel>} or {@code channels}
   */
  public static void check(OutboundIntent intent, Map<ChannelId, Channel> channels) {
    Checks.required(intent, "intent");
    String key = intent.dedupKey();
    if (key.isBlank() || key.length() > MAX_DEDUP_KEY || key.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidInputException("dedupKey", "dedupKey must be 1-" + MAX_DEDUP_KEY
          + " characters without control characters, was: " + Checks.quote(key));
    }
    if (intent.text().isEmpty() && intent.channelTexts().isEmpty() && intent.templates().isEmpty()) {
      throw new InvalidInputException("content", "an outbound intent needs a text or a template, had neither");
    }
    if (intent.text().isPresent() && intent.text().get().isBlank()) {
      throw new InvalidInputException("text", "text must not be blank, was: " + Checks.quote(intent.text().get()));
    }
    intent.text().ifPresent(t -> noNul(t, "text"));
    Set<ChannelId> seen = new HashSet<>();
    for (ChannelId id : intent.channels()) {
      registered(id, channels, "channels");
      if (!seen.add(id)) {
        throw new InvalidInputException("channels", "channels must not repeat a channel, was: " + intent.channels());
      }
    }
    intent.channelTexts().forEach((id, text) -> {
      String field = "channelTexts." + id;
      Channel c = registered(id, channels, field);
      if (text.isBlank()) {
        throw new InvalidInputException(field, field + " must not be blank, was: " + Checks.quote(text));
      }
      noNul(text, field);
      fits(c, text, field);
    });
    intent.templates().forEach((id, template) -> {
      String field = "templates." + id;
      Channel c = registered(id, channels, field);
      if (!c.supportsTemplates()) {
        throw new InvalidInputException(field, field + ": " + c.displayName() + " does not support templates, was: "
            + template.name());
      }
      noNul(template.name(), field);
      template.parameters().forEach(p -> noNul(p, field));
    });
    // The common text must fit every channel the intent names that would carry it; on channels the
    // intent leaves to Omni, a text that does not fit only passes the channel over.
    for (ChannelId id : intent.channels()) {
      Optional<String> text = intent.text();
      if (text.isPresent() && !intent.channelTexts().containsKey(id)) {
        fits(registered(id, channels, "channels"), text.get(), "text");
      }
    }
  }

  /** No store keeps NUL in text (PostgreSQL refuses it), so it is refused here, by field. */
  private static void noNul(String text, String field) {
    if (text.indexOf('\u0000') >= 0) {
      throw new InvalidInputException(field, field + " must not contain the NUL character (\\u0000)");
    }
  }

  private static Channel registered(ChannelId id, Map<ChannelId, Channel> channels, String field) {
    Channel c = channels.get(id);
    if (c == null) {
      throw new InvalidInputException(field, field + ": channel is not registered, was: " + Checks.quote(id.value()));
    }
    return c;
  }

  private static void fits(Channel c, String text, String field) {
    Optional<String> problem = c.textProblem(text);
    if (problem.isPresent() && c.maxTextLength() > 0) {
      throw new InvalidInputException(field, field + " does not fit " + c.id() + ": " + problem.get());
    }
  }
}
