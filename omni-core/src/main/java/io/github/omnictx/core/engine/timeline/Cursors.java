package io.github.omnictx.core.engine.timeline;

import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.internal.Checks;
import io.github.omnictx.core.timeline.TimelinePosition;
import io.github.omnictx.core.timeline.TouchpointId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/** Encodes timeline positions as opaque URL-safe cursors. Not API. */
final class Cursors {
  private static final String PREFIX = "t1|";

  private Cursors() {}

  /**
   * @param position the position
   * @return the cursor
   */
  static String encode(TimelinePosition position) {
    String raw = PREFIX + position.occurredAt().getEpochSecond() + "|" + position.occurredAt().getNano() + "|"
        + position.id();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * @param cursor a cursor from {@link #encode}
   * @return the position
   * @throws InvalidInputException if the cursor is malformed
   */
  static TimelinePosition decode(String cursor) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (!raw.startsWith(PREFIX)) {
        throw new IllegalArgumentException("unknown cursor version");
      }
      String[] parts = raw.substring(PREFIX.length()).split("\\|", -1);
      if (parts.length != 3) {
        throw new IllegalArgumentException("wrong number of parts");
      }
      Instant at = Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
      return new TimelinePosition(at, TouchpointId.of(parts[2]));
    } catch (RuntimeException e) {
      throw new InvalidInputException("cursor", "cursor is malformed, was: " + Checks.quote(cursor), e);
    }
  }
}
