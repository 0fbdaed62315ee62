package io.github.omnictx.core.webhook;

/**
 * How far an inbound adapter that polls (an IMAP folder, rather than receiving webhooks) has read
 * one source: the last item it handed to the pipeline, within one generation of the source's
 * numbering. IMAP numbers a folder's messages by UID, and the UIDs are stable only while the
 * folder's UIDVALIDITY stays the same: a new validity means every UID may have changed, and the
 * poller starts the folder again (the touchpoints' external ids keep that from recording twice).
 *
 * @param validity the generation of the numbering (IMAP UIDVALIDITY), positive
 * @param last the last item handed to the pipeline (an IMAP UID), {@code 0} for none yet
 */
public record PollPosition(long validity, long last) {

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if the validity is not positive or the last item negative
   */
  public PollPosition {
    if (validity <= 0) {
      throw new IllegalArgumentException("validity must be positive, was: " + validity);
    }
    if (last < 0) {
      throw new IllegalArgumentException("last must be >= 0, was: " + last);
    }
  }
}
