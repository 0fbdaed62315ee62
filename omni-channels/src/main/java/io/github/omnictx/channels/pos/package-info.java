/**
 * The physical store: purchases, returns and visits from the tills and store systems, read by
 * {@link io.github.omnictx.channels.pos.PosAdapter} (configured by {@link
 * io.github.omnictx.channels.pos.PosConfig}). Inbound-only.
 *
 * <h2>Format</h2>
 *
 * <p>Signed exactly like the web chat ({@code X-Omni-Timestamp}, {@code X-Omni-Signature: v1=<hex
 * HMAC-SHA256(secret, timestamp + "." + body)>}, 5 minute replay window; see {@link
 * io.github.omnictx.channels.webchat}). One event per POST, {@code application/json}. Amounts and
 * quantities are JSON numbers or decimal strings, read exactly (never through a {@code double}) and
 * stored in the payload as decimal strings.
 *
 * <pre>{@code
 * {"type": "purchase",                       purchase | return | visit
 *  "storeId": "berlin-mitte",                required
 *  "till": "3", "cashier": "c-12",           optional
 *  "receiptNumber": "0042-20240610-000917",  required for purchase and return
 *  "originalReceiptNumber": "…",             optional, returns: the purchase returned (the topic)
 *  "visitId": "v-20240610-0815",             required for visit
 *  "occurredAt": "2024-06-10T09:41:07+02:00",   required: ISO-8601 with offset
 *  "customer": {"loyaltyCard": "4000 1234 5678 9012",   LOYALTY_CARD (spaces and dashes dropped)
 *               "phone": "0151 23456789",    PHONE; national numbers read in the default region;
 *                                            typed at the till, so only a valid number without
 *                                            letters or extension (else a 400)
 *               "customerId": "CUST-1001",   EXTERNAL
 *               "email": "ana@example.com"}, EMAIL; all optional, none at all = anonymous (ignored)
 *  "currency": "EUR",                        required for purchase and return: ISO 4217
 *  "lines": [{"sku": "SKU-100-M", "description": "T-shirt, M", "quantity": 2,
 *             "unitPrice": "12.99", "discount": "0.00", "amount": "25.98"}],
 *                                            sku, quantity, amount required per line
 *  "subtotal": "26.28", "discount": "1.00", "tax": "4.04",   optional
 *  "total": "25.28",                         required for purchase and return
 *  "payment": "card", "reason": "…"}         optional, free-form
 * }</pre>
 *
 * <p>The touchpoint's deduplication key is {@code <storeId>:<receiptNumber>} (receipt numbers are
 * unique per store), for visits {@code <storeId>:visit:<visitId>}; its topic the receipt number
 * (returns: the original receipt number when given).
 */
@NullMarked
package io.github.omnictx.channels.pos;

import org.jspecify.annotations.NullMarked;
