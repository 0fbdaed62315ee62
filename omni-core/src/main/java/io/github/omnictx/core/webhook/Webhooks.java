package io.github.omnictx.core.webhook;

import java.util.Optional;
import java.util.Set;

/**
 * The inbound webhook pipeline of one tenant: the application's HTTP server hands each provider
 * request to {@link #handle} and writes back the response. Obtained from {@code
 * omni.tenant(id).webhooks()}; adapters are registered on {@code Omni.builder().adapter(...)}, and
 * those that receive webhooks (the inbound ones) are served here.
 *
 * <p>Per request: size check → the provider's subscription handshake → signature verification →
 * parsing → for each event: identity resolution → the customer's conversation → idempotent
 * touchpoint append (or, for a delivery status, an update of the outbound touchpoint it names).
 * Responses:
 *
 * <ul>
 *   <li>2xx for a handled request, including a duplicate delivery, which records nothing new;
 *   <li>401 without a signature, 403 with a wrong one; 400 for a malformed body; 413 for a body over
 *       the limit; 404 for an unknown adapter (or one that only sends); 405 for a method the adapter does not take; none of
 *       these records anything;
 *   <li>503 when the store failed: nothing of the failed event was written, and the provider's
 *       redelivery will record it exactly once;
 *   <li>500 for an unexpected failure, among them an event whose unit of work lost a race on every
 *       attempt the retry policy allows: nothing of that event was written, and the redelivery
 *       records it exactly once.
 * </ul>
 *
 * <p>{@code handle} never throws for anything a provider can send. Thread-safe.
 */
public interface Webhooks {

  /**
   * Handles one provider request.
   *
   * @param adapterId the adapter the request is addressed to, e.g. {@code "whatsapp"}
   * @param request the request as received
   * @return the response to write back
   */
  default WebhookResponse handle(String adapterId, WebhookRequest request) {
    return process(adapterId, request).response();
  }

  /**
   * Handles one provider request and reports what it did.
   *
   * @param adapterId the adapter the request is addressed to
   * @param request the request as received
   * @return the response and what was recorded
   */
  WebhookResult process(String adapterId, WebhookRequest request);

  /** @return the ids of the registered adapters that receive webhooks */
  Set<String> adapters();

  /**
   * How far a polling source of an inbound adapter (an IMAP folder its poller reads, rather than a
   * provider calling in) has been handed to this pipeline, as remembered in the store: a poller
   * that restarts, on any node, goes on from here.
   *
   * @param adapterId the adapter the source's items are handed to
   * @param source the source, 1-256 characters, e.g. {@code imap://shop@mail.example.com:993/INBOX}
   * @return the position, empty when the source was never polled
   * @throws IllegalArgumentException if the adapter id or source is malformed
   * @throws io.github.omnictx.core.StoreException if the store failed
   */
  Optional<PollPosition> pollPosition(String adapterId, String source);

  /**
   * Remembers how far a polling source has been handed to this pipeline, durably, replacing the
   * position remembered before. Called by the poller after each item it handed over.
   *
   * @param adapterId the adapter the source's items are handed to
   * @param source the source
   * @param position the position
   * @throws IllegalArgumentException if the adapter id or source is malformed or the position null
   * @throws io.github.omnictx.core.StoreException if the store failed
   */
  void rememberPollPosition(String adapterId, String source, PollPosition position);
}
