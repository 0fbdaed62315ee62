package io.github.omnictx.core.privacy;

/**
 * The document {@link Privacy#export} writes, version {@value #VERSION}:
 *
 * <pre>{@code
 * {
 *   "format": "omni.privacy.export",
 *   "version": 1,
 *   "tenant": "acme",
 *   "customer": "<the asked id>",
 *   "exportedAt": "2026-03-02T09:00:00Z",
 *   "records": {
 *     "customers":     [ {"id", "createdAt", "updatedAt", "mergedInto"?, "attributes": {}, "preferences": {}} ],
 *     "identities":    [ {"customer", "kind", "value"} ],
 *     "consents":      [ {"customer", "channel", "purpose", "status", "source", "at"} ],  (the live customer's, in force)
 *     "touchpoints":   [ {"id", "customer", "channel", "type", "direction", "occurredAt", "recordedAt",
 *                         "conversation"?, "externalId"?, "status"?, "payload": {}} ],
 *     "conversations": [ {"id", "customer", "status", "topic"?, "tags": [], "openedAt", "channels": []} ],
 *     "handoffs":      [ {"id", "conversation", "status", "reason", "offeredAt", "details"?} ],
 *     "merges":        [ {"id", "survivor", "absorbed": [], "mergedAt", "reversed", "cause"} ],
 *     "outbound_decisions": [ {"id", "customer", "purpose", "outcome", "decidedAt", "steps": [...]} ]
 *   }
 * }
 * }</pre>
 *
 * <p>Each array lists every record of that kind exactly once; every member of the merge group is
 * covered. Record kinds are written in {@link DataMap} order, each as soon as it is read, so the
 * document is streamed. Fields marked {@code ?} are left out when empty. Later versions only add
 * fields and record kinds. Not instantiable.
 */
public final class PrivacyExport {
  /** The {@code format} member of every export. */
  public static final String FORMAT = "omni.privacy.export";
  /** The document version this release writes. */
  public static final int VERSION = 1;

  private PrivacyExport() {}
}
