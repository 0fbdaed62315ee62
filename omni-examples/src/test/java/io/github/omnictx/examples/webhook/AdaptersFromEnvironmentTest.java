package io.github.omnictx.examples.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.omnictx.channels.email.MailAdapter;
import io.github.omnictx.core.Omni;
import io.github.omnictx.core.OmniTenant;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.channel.spi.ChannelAdapter;
import io.github.omnictx.core.channel.spi.InboundAdapter;
import io.github.omnictx.core.webhook.WebhookRequest;
import io.github.omnictx.core.webhook.WebhookResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The webhook server mounts VK, e-mail over SMTP/IMAP and Apple push from the environment. */
class AdaptersFromEnvironmentTest {

  private static String p8() throws Exception {
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(new ECGenParameterSpec("secp256r1"));
    return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(ec.generateKeyPair().getPrivate()
        .getEncoded()) + "\n-----END PRIVATE KEY-----\n";
  }

  private static Map<String, String> env() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("VK_GROUP_ID", "214167102");
    env.put("VK_CONFIRMATION_CODE", "a1b2c3d4");
    env.put("VK_SECRET", "s3cr3tKey42");
    env.put("VK_ACCESS_TOKEN", "vk1.a.token");
    env.put("MAIL_ADDRESS", "service@grocer.example");
    env.put("SMTP_HOST", "smtp.grocer.example");
    env.put("SMTP_PORT", "587");
    env.put("SMTP_USERNAME", "service");
    env.put("SMTP_PASSWORD", "smtp-password");
    env.put("IMAP_HOST", "imap.grocer.example");
    env.put("IMAP_PORT", "993");
    env.put("IMAP_USERNAME", "service");
    env.put("IMAP_PASSWORD", "imap-password");
    env.put("APNS_KEY", p8());
    env.put("APNS_KEY_ID", "ABC123DEFG");
    env.put("APNS_TEAM_ID", "DEF123GHIJ");
    env.put("APNS_TOPIC", "com.example.grocer");
    return env;
  }

  @Test
  void vkMailAndApplePushAreMountedFromTheEnvironment() throws Exception {
    List<ChannelAdapter> adapters = AdaptersFromEnvironment.adapters(env());
    assertThat(adapters).extracting(ChannelAdapter::id).containsExactly("vk", "mail", "apns");
    assertThat(adapters).extracting(ChannelAdapter::channel)
        .containsExactly(Channels.VK.id(), Channels.EMAIL.id(), Channels.APPLE_PUSH.id());
    MailAdapter mail = (MailAdapter) adapters.get(1);
    assertThat(mail.config().imap()).hasValueSatisfying(i -> assertThat(i.port()).isEqualTo(993));
    assertThat(mail.config().smtp().security().name()).isEqualTo("STARTTLS");

    // the mounted VK adapter answers VK's confirmation with the configured code
    Omni.Builder b = Omni.builder();
    adapters.forEach(b::adapter);
    OmniTenant tenant = b.build().tenant("demo");
    assertThat(adapters.get(0)).isInstanceOf(InboundAdapter.class);
    WebhookResponse confirmation = tenant.webhooks().handle("vk", WebhookRequest.builder("POST",
        "https://hooks.example.com/webhooks/vk").header("Content-Type", "application/json")
        .body("{\"type\":\"confirmation\",\"group_id\":214167102}".getBytes(StandardCharsets.UTF_8)).build());
    assertThat(new String(confirmation.body(), StandardCharsets.UTF_8)).isEqualTo("a1b2c3d4");
  }

  @Test
  void anApnsKeyThatDoesNotParseStopsTheStartUpNamingTheVariable() throws Exception {
    Map<String, String> env = env();
    env.put("APNS_KEY", "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----");
    assertThatThrownBy(() -> AdaptersFromEnvironment.adapters(env)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("APNS_KEY: privateKey must be");
  }

  @Test
  void malformedNumbersAndSecurityNameTheirVariables() throws Exception {
    Map<String, String> badGroup = env();
    badGroup.put("VK_GROUP_ID", "club214167102");
    assertThatThrownBy(() -> AdaptersFromEnvironment.adapters(badGroup)).hasMessageContaining("VK_GROUP_ID");
    Map<String, String> badSecurity = env();
    badSecurity.put("SMTP_SECURITY", "SSL");
    assertThatThrownBy(() -> AdaptersFromEnvironment.adapters(badSecurity)).hasMessageContaining("SMTP_SECURITY");
  }
}
