package io.github.omnictx.examples;

import io.github.omnictx.channels.telegram.TelegramAdapter;
import io.github.omnictx.channels.telegram.TelegramConfig;
import io.github.omnictx.channels.whatsapp.WhatsAppAdapter;
import io.github.omnictx.channels.whatsapp.WhatsAppConfig;
import io.github.omnictx.core.Omni;
import io.github.omnictx.core.RetryPolicy;
import io.github.omnictx.core.spi.OmniStore;
import io.github.omnictx.core.webhook.WebhookRequest;
import io.github.omnictx.core.webhook.WebhookResponse;
import io.github.omnictx.store.jdbc.JdbcStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The README's smaller examples, kept compiling here ({@code ReadmeSnippetTest} checks that every
 * Java block in the README stands in this file, {@link QuickStart} or a test).
 */
public final class ReadmeExamples {
  private ReadmeExamples() {}

  /**
   * The JDBC store on the application's own pool.
   *
   * @param pool the application's DataSource
   * @return Omni on that database
   */
  public static Omni onYourDatabase(DataSource pool) {
    OmniStore store = JdbcStore.builder(pool).tablePrefix("omni_").migrate(true).build();
    return Omni.builder().store(store).build();
  }

  /**
   * Webhooks through the pipeline.
   *
   * @param store the store
   * @param appSecret Meta app secret
   * @param verifyToken Meta verify token
   * @param token WhatsApp access token
   * @param phoneNumberId WhatsApp phone number id
   * @param botToken Telegram bot token
   * @param secretToken Telegram webhook secret token
   * @param method the request's HTTP method
   * @param publicUrl the public URL the provider called
   * @param headers the request headers
   * @param rawBody the raw body bytes
   * @return the response to write back
   */
  public static WebhookResponse webhooks(OmniStore store, String appSecret, String verifyToken, String token,
      String phoneNumberId, String botToken, String secretToken, String method, String publicUrl,
      Map<String, List<String>> headers, byte[] rawBody) {
    Omni omni = Omni.builder()
        .store(store)
        .adapter(new WhatsAppAdapter(WhatsAppConfig.builder().appSecret(appSecret).verifyToken(verifyToken)
            .accessToken(token).phoneNumberId(phoneNumberId).build()))
        .adapter(new TelegramAdapter(TelegramConfig.builder(botToken, secretToken).build()))
        .build();

    // in your HTTP handler, with the raw body bytes and the public URL the provider called:
    WebhookResponse response = omni.tenant("acme").webhooks().handle("whatsapp",
        WebhookRequest.builder(method, publicUrl).headers(headers).body(rawBody).build());
    return response;
  }

  /**
   * A retry policy for a store with a few hot rows: fewer attempts, a short jittered pause between
   * them.
   *
   * @param store the store
   * @return Omni with that policy
   */
  public static Omni withRetryPolicy(OmniStore store) {
    return Omni.builder()
        .store(store)
        .retryPolicy(RetryPolicy.builder().maxAttempts(5).backoff(Duration.ofMillis(2), Duration.ofMillis(50)).build())
        .build();
  }
}
