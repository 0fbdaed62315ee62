package io.github.omnictx.core.webhook;

import io.github.omnictx.core.internal.Checks;
import io.github.omnictx.core.timeline.Touchpoint;
import java.util.List;

/**
 * What the webhook pipeline did with one request.
 *
 * @param response the response to write back
 * @param recorded touchpoints newly recorded
 * @param duplicates events already recorded before (redeliveries), which changed nothing
 * @param statusUpdates delivery statuses applied to outbound touchpoints
 * @param ignored events the adapter recognised and deliberately does not record, plus statuses for
 *     messages Omni did not send
 * @param rejected events that could not be attributed (e.g. every sender identity blocked by the
 *     identity rules); logged and acknowledged, since a redelivery would fail the same way
 * @param changes edits and deletions applied to recorded messages (a redelivered one counts as a
 *     duplicate, one of a message never recorded as ignored)
 * @param consents consent answers that changed a customer's consent (a redelivered or older one
 *     counts as a duplicate, a refusal by a stranger as ignored)
 */
public record WebhookResult(WebhookResponse response, List<Touchpoint> recorded, int duplicates, int statusUpdates,
    int ignored, int rejected, int changes, int consents) {

  /**
   * Validates and copies the fields.
   *
   * @throws IllegalArgumentException if a field is null or a count negative
   */
  public WebhookResult {
    Checks.notNull(response, "response");
    recorded = List.copyOf(Checks.notNull(recorded, "recorded"));
    if (duplicates < 0 || statusUpdates < 0 || ignored < 0 || rejected < 0 || changes < 0 || consents < 0) {
      throw new IllegalArgumentException("counts must be >= 0");
    }
  }

  /**
   * A result without message changes or consent answers.
   *
   * @param response the response to write back
   * @param recorded touchpoints newly recorded
   * @param duplicates redeliveries
   * @param statusUpdates delivery statuses applied
   * @param ignored events deliberately not recorded
   * @param rejected events that could not be recorded
   * @throws IllegalArgumentException if a field is null or a count negative
   */
  public WebhookResult(WebhookResponse response, List<Touchpoint> recorded, int duplicates, int statusUpdates,
      int ignored, int rejected) {
    this(response, recorded, duplicates, statusUpdates, ignored, rejected, 0, 0);
  }

  /**
   * A result that recorded nothing.
   *
   * @param response the response
   * @return the result
   */
  public static WebhookResult nothing(WebhookResponse response) {
    return new WebhookResult(response, List.of(), 0, 0, 0, 0);
  }
}
