package io.github.omnictx.core.channel.spi;

import io.github.omnictx.core.internal.Checks;
import java.util.Optional;

/**
 * Media or structured content on a message.
 *
 * @param kind what it is: {@code image}, {@code video}, {@code audio}, {@code file}, {@code
 *     sticker}, {@code location}, {@code contact}, {@code story_mention}…
 * @param url where to fetch it, if the provider gave a URL
 * @param mediaId the provider's media id, if it gave one instead of (or as well as) a URL
 * @param mimeType the media type, if known
 * @param caption a caption or file name, if any
 */
public record Attachment(String kind, Optional<String> url, Optional<String> mediaId, Optional<String> mimeType,
    Optional<String> caption) {

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if the kind is blank, a field is null, or text holds a NUL or
   *     an unpaired surrogate (no store could keep it)
   */
  public Attachment {
    Checks.storable(Checks.notBlank(kind, "attachment kind"), "attachment kind");
    Checks.notNull(url, "url").ifPresent(v -> Checks.storable(v, "attachment url"));
    Checks.notNull(mediaId, "mediaId").ifPresent(v -> Checks.storable(v, "attachment mediaId"));
    Checks.notNull(mimeType, "mimeType").ifPresent(v -> Checks.storable(v, "attachment mimeType"));
    Checks.notNull(caption, "caption").ifPresent(v -> Checks.storable(v, "attachment caption"));
  }
}
