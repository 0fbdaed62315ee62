package io.github.omnictx.core.memory;

import io.github.omnictx.core.spi.WebhookTokenRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Webhook replay tokens by (adapter, token); a new token drops the tenant's expired ones. */
final class InMemoryWebhookTokens implements WebhookTokenRepository {
  private final InMemoryTransaction tx;
  private final TenantData d;
  private final UndoLog undo;

  InMemoryWebhookTokens(InMemoryTransaction tx) {
    this.tx = tx;
    this.d = tx.data();
    this.undo = tx.undo();
  }

  @Override
  public Optional<String> remember(String adapter, String token, String contentDigest, Instant expiresAt, Instant now) {
    tx.checkOpen();
    String key = adapter + '\u0000' + token;
    TenantData.WebhookToken stored = d.webhookTokens.get(key);
    if (stored != null && stored.expiresAt().isAfter(now)) {
      return Optional.of(stored.digest());
    }
    List<String> expired = new ArrayList<>();
    d.webhookTokens.forEach((k, v) -> {
      if (!v.expiresAt().isAfter(now)) {
        expired.add(k);
      }
    });
    expired.forEach(k -> undo.remove(d.webhookTokens, k));
    undo.put(d.webhookTokens, key, new TenantData.WebhookToken(contentDigest, expiresAt));
    return Optional.empty();
  }
}
