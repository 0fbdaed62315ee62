/**
 * The retailer's own web and app chat, spoken in Omni's signed JSON format by {@link
 * io.github.omnictx.channels.webchat.WebChatAdapter} (configured by {@link
 * io.github.omnictx.channels.webchat.WebChatConfig}, one instance per channel: {@code web-chat} or
 * {@code app-chat}).
 *
 * <h2>Signing (both directions; also used by the call-centre and store/POS adapters)</h2>
 *
 * <p>Every request carries two headers: {@code X-Omni-Timestamp}, the Unix time in seconds at
 * signing, and {@code X-Omni-Signature: v1=<hex>}, the hex HMAC-SHA256 (Omni writes lower case and
 * accepts either) keyed with the
 * shared secret over the ASCII timestamp, a dot, and the raw body bytes. The receiver refuses a
 * timestamp more than the replay window (5 minutes by default) away from its clock, and compares
 * signatures in constant time. While rotating secrets a sender may send several comma-separated
 * {@code v1=} entries; one match suffices. For example, with secret {@code
 * omni-test-webchat-secret-0001}, timestamp {@code 1718003400} and body {@code {}}, the signed
 * bytes are {@code 1718003400.{}} and the header is {@code
 * v1=0ab60cfc7c20ccdd63a2e0b22d433e17b71bacb764bfb23adc7d16c591e827a0}.
 *
 * <h2>Inbound: a visitor's message</h2>
 *
 * <pre>{@code
 * POST /webhooks/web-chat
 * Content-Type: application/json
 * X-Omni-Timestamp: 1718003400
 * X-Omni-Signature: v1=ad6269b6…
 *
 * {"id": "wc-msg-0001",                      required: the message id, the deduplication key
 *  "type": "message",                        optional: "message" (default), "status", or any
 *                                            touchpoint type such as "chat_started"
 *  "direction": "inbound",                   optional: "outbound" for an agent's message the
 *                                            backend sent itself
 *  "visitor": {"deviceId": "dev-7f3a",       required: the browser or app install (DEVICE)
 *              "customerId": "CUST-1001",    optional: the shop account (EXTERNAL)
 *              "email": "ana@example.com",   optional: EMAIL
 *              "phone": "+15551234567",      optional: PHONE, E.164, a possible number
 *              "name": "Ana"},               optional: the display name
 *  "sentAt": "2024-06-10T07:09:58Z",         required: ISO-8601 with offset
 *  "text": "Where is my order?",             optional
 *  "attachments": [{"kind": "image", "url": "https://…", "mediaId": "…",
 *                   "mimeType": "image/jpeg", "caption": "…"}],   optional; url or mediaId
 *  "topic": "order-42"}                      optional: what the message is about
 * }</pre>
 *
 * <p>The sender identities are, in order: DEVICE, EXTERNAL, EMAIL, PHONE. The whole body is kept
 * as the touchpoint payload.
 *
 * <h2>Inbound: the delivery status of a reply</h2>
 *
 * <pre>{@code
 * {"type": "status", "messageId": "bk-5531", "status": "read",   sent | delivered | read | failed
 *  "occurredAt": "2024-06-10T07:12:00Z", "errorCode": "…", "error": "…"}   the last two optional
 * }</pre>
 *
 * <h2>Outbound: a reply</h2>
 *
 * <p>POSTed to the configured callback URL, signed as above:
 *
 * <pre>{@code
 * {"id": "<Omni's message id, for deduplication>",
 *  "recipient": {"kind": "DEVICE", "value": "dev-7f3a"},
 *  "text": "…", "attachments": [ … as inbound … ],
 *  "template": {"name": "…", "language": "en", "parameters": ["…"]}}   only when sending a template
 * }</pre>
 *
 * <p>The backend answers 2xx with {@code {"id": "<its message id>"}} (statuses later name that
 * id); 429 and 5xx are retried, 401/403 mean a wrong secret, other 4xx reject the message.
 */
@NullMarked
package io.github.omnictx.channels.webchat;

import org.jspecify.annotations.NullMarked;
