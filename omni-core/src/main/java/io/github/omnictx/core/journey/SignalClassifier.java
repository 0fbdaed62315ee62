package io.github.omnictx.core.journey;

import io.github.omnictx.core.timeline.Touchpoint;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Says whether an inbound message is a negative signal (an angry customer) for {@link
 * BuiltInJourneys#negativeSignal}. Pluggable: a retailer may call a sentiment model here, as long as
 * it answers quickly (it runs inside the unit of work that records the message). Implementations
 * must be thread-safe.
 */
@FunctionalInterface
public interface SignalClassifier {

  /**
   * @param message an inbound message touchpoint (its text is the payload field {@code text})
   * @return whether it is negative
   */
  boolean negative(Touchpoint message);

  /**
   * The default classifier, rule-based and deliberately conservative (a false alarm makes an agent
   * call a happy customer). A message is negative when its text (lower-cased, {@link Locale#ROOT})
   * <ul>
   *   <li>contains one of {@link #NEGATIVE_PHRASES} (English, German and Russian complaint words:
   *       "terrible", "worst", "refund", "never again", "complaint", "furious", "scam",
   *       "disappointed", "unacceptable", "schrecklich", "enttäuscht", "beschwerde",
   *       "ужасно", "жалоба", "верните деньги", …); or
   *   <li>is shouted: at least 12 letters, at least 70% of them upper case, and at least two
   *       exclamation marks.
   * </ul>
   * A message without text is never negative.
   *
   * @return the rule-based classifier
   */
  static SignalClassifier ruleBased() {
    return message -> {
      Optional<String> text = message.payloadText("text");
      if (text.isEmpty()) {
        return false;
      }
      String lower = text.get().toLowerCase(Locale.ROOT);
      for (String p : NEGATIVE_PHRASES) {
        if (lower.contains(p)) {
          return true;
        }
      }
      int letters = 0;
      int upper = 0;
      int bangs = 0;
      for (int i = 0; i < text.get().length(); i++) {
        char c = text.get().charAt(i);
        if (Character.isLetter(c)) {
          letters++;
          if (Character.isUpperCase(c)) {
            upper++;
          }
        } else if (c == '!') {
          bangs++;
        }
      }
      return letters >= 12 && upper * 10 >= letters * 7 && bangs >= 2;
    };
  }

  /** The phrases {@link #ruleBased()} treats as negative, lower case. */
  List<String> NEGATIVE_PHRASES = List.of("terrible", "awful", "worst", "horrible", "disgusting", "unacceptable",
      "disappointed", "refund", "never again", "complaint", "complain", "furious", "angry", "scam", "rip-off",
      "rip off", "useless", "rude", "schrecklich", "furchtbar", "enttäuscht", "beschwerde", "unverschämt",
      "nie wieder", "geld zurück", "ужасно", "отвратительно", "жалоба", "верните деньги", "обман", "никогда больше");
}
