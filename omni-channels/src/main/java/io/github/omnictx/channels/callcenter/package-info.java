/**
 * The call centre: call events from the retailer's telephony or contact-centre platform, read by
 * {@link io.github.omnictx.channels.callcenter.CallCenterAdapter} (configured by {@link
 * io.github.omnictx.channels.callcenter.CallCenterConfig}). Inbound-only.
 *
 * <h2>Format</h2>
 *
 * <p>Signed exactly like the web chat ({@code X-Omni-Timestamp}, {@code X-Omni-Signature: v1=<hex
 * HMAC-SHA256(secret, timestamp + "." + body)>}, 5 minute replay window; see {@link
 * io.github.omnictx.channels.webchat}). One event per POST, {@code application/json}:
 *
 * <pre>{@code
 * {"eventId": "evt-9001",               eventId or sequence required
 *  "callId": "call-20240610-0042",      required: the platform's id of the call
 *  "sequence": 1,                       optional: the event's number within the call
 *  "type": "call.started",              required: call.started | call.answered | call.transferred |
 *                                       call.ended | ivr.choice | recording.available (others ignored)
 *  "occurredAt": "2024-06-10T09:10:00+02:00",   required: ISO-8601 with offset
 *  "direction": "inbound",              optional: inbound (default) | outbound
 *  "from": "030 12345678",              the caller; national numbers read in the default region;
 *                                       any possible number (the network connected it)
 *  "to": "+49 30 99999999",             the number called
 *  "callerName": "Ana Test",            optional: caller id name
 *  "customerId": "CUST-1001",           optional: the customer the platform matched (EXTERNAL)
 *  "queue": "orders", "agentId": "agent-7",           optional
 *  "ivrDigits": "2",                    required for ivr.choice: 0-9 * #
 *  "transferTo": "queue:returns",       required for call.transferred
 *  "recordingUrl": "https://…", "recordingId": "…", "recordingMimeType": "audio/mpeg",
 *                                       url required for recording.available
 *  "durationSeconds": 312,              optional, >= 0 (call.ended)
 *  "notes": "…", "topic": "order-42"}   optional: the touchpoint's text and topic
 * }</pre>
 *
 * <p>The customer is the {@code from} number of an inbound call and the {@code to} number of an
 * outbound one (PHONE), then {@code customerId} (EXTERNAL). A withheld number ({@code anonymous},
 * {@code withheld}, {@code private}, {@code unknown}, {@code restricted}) without a customer id is
 * acknowledged and ignored. The touchpoint is of type {@code call}, keyed {@code
 * <callId>:<type>:<sequence or eventId>}, with the whole event as its payload and a recording as
 * an {@code audio} attachment.
 */
@NullMarked
package io.github.omnictx.channels.callcenter;

import org.jspecify.annotations.NullMarked;
