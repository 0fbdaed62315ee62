package io.github.omnictx.store.jdbc;

import io.github.omnictx.core.ConcurrentUpdateException;
import io.github.omnictx.core.spi.WebhookTokenRepository;
import java.time.Instant;
import java.util.Optional;

/**
 * Webhook replay tokens in {@code <prefix>webhook_tokens}. A new token costs a read, a delete of
 * the tenant's expired tokens (by the expiry index) and an insert; a known one the read alone. Two
 * units of work remembering one token at once meet on the primary key: the loser gets {@link
 * ConcurrentUpdateException}, and run again it reads the winner's digest.
 */
final class JdbcWebhookTokens implements WebhookTokenRepository {
  private final JdbcTransaction tx;
  private final Sql db;
  private final String table;

  JdbcWebhookTokens(JdbcTransaction tx, String prefix) {
    this.tx = tx;
    this.db = tx.db();
    this.table = prefix + "webhook_tokens";
  }

  @Override
  public Optional<String> remember(String adapter, String token, String contentDigest, Instant expiresAt, Instant now) {
    tx.checkOpen();
    JdbcDialect dialect = tx.dialect();
    String t = tx.tenant().value();
    String what = "remembering a webhook token of adapter " + adapter;
    Optional<String> known = db.query(what,
        "SELECT digest, expires_at FROM " + table + " WHERE tenant = ? AND adapter = ? AND token = ?",
        p -> p.string(t).string(adapter).string(token), rs -> {
          if (rs.next()) {
            Instant until = dialect.instant(rs, "expires_at");
            if (until != null && until.isAfter(now)) {
              return Optional.of(rs.getString("digest"));
            }
          }
          return Optional.empty();
        });
    if (known.isPresent()) {
      return known;
    }
    db.update(what, "DELETE FROM " + table + " WHERE tenant = ? AND expires_at <= ?", p -> p.string(t).instant(now));
    db.update(what, "INSERT INTO " + table + " (tenant, adapter, token, digest, expires_at) VALUES (?, ?, ?, ?, ?)",
        p -> p.string(t).string(adapter).string(token).string(contentDigest).instant(expiresAt),
        () -> "webhook token of adapter " + adapter + " was remembered concurrently");
    return Optional.empty();
  }
}
