package io.github.omnictx.store.jdbc;

import io.github.omnictx.core.ConcurrentUpdateException;
import io.github.omnictx.core.spi.WebhookTokenRepository;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
  private final String table;

  JdbcWebhookTokens(JdbcTransaction tx, String prefix) {
    this.tx = tx;
    this.table = prefix + "webhook_tokens";
  }

  @Override
  public Optional<String> remember(String adapter, String token, String contentDigest, Instant expiresAt, Instant now) {
    tx.checkOpen();
    JdbcDialect dialect = tx.dialect();
    try {
      try (PreparedStatement ps = tx.connection().prepareStatement(
          "SELECT digest, expires_at FROM " + table + " WHERE tenant = ? AND adapter = ? AND token = ?")) {
        ps.setString(1, tx.tenant().value());
        ps.setString(2, adapter);
        ps.setString(3, token);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            Instant until = dialect.instant(rs, "expires_at");
            if (until != null && until.isAfter(now)) {
              return Optional.of(rs.getString("digest"));
            }
          }
        }
      }
      tx.beginWrite();
      try (PreparedStatement ps = tx.connection().prepareStatement(
          "DELETE FROM " + table + " WHERE tenant = ? AND expires_at <= ?")) {
        ps.setString(1, tx.tenant().value());
        dialect.setInstant(ps, 2, now);
        ps.executeUpdate();
      }
      try (PreparedStatement ps = tx.connection().prepareStatement(
          "INSERT INTO " + table + " (tenant, adapter, token, digest, expires_at) VALUES (?, ?, ?, ?, ?)")) {
        ps.setString(1, tx.tenant().value());
        ps.setString(2, adapter);
        ps.setString(3, token);
        ps.setString(4, contentDigest);
        dialect.setInstant(ps, 5, expiresAt);
        ps.executeUpdate();
      } catch (SQLException e) {
        if (SqlErrors.isUniqueViolation(e)) {
          throw new ConcurrentUpdateException("webhook token of adapter " + adapter + " was remembered concurrently");
        }
        throw e;
      }
      return Optional.empty();
    } catch (SQLException e) {
      throw SqlErrors.map(e, "remembering a webhook token of adapter " + adapter);
    }
  }
}
