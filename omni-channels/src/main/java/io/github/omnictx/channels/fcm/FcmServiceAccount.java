package io.github.omnictx.channels.fcm;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.omnictx.channels.internal.JsonBody;
import io.github.omnictx.channels.internal.Parsing;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * The parts of a Google service-account key file ({@code type: service_account}) that FCM needs:
 * the project, the account's e-mail (the assertion's issuer), the key id and RSA private key that
 * sign the assertion, and the token URI it is exchanged at. Immutable and thread-safe; {@link
 * #toString()} never shows the key.
 *
 * @param projectId the Firebase project id ({@code project_id})
 * @param clientEmail the service account ({@code client_email})
 * @param privateKeyId the key id ({@code private_key_id}), sent as the JWT {@code kid}
 * @param privateKey the RSA private key ({@code private_key})
 * @param tokenUri where assertions are exchanged for access tokens ({@code token_uri})
 */
public record FcmServiceAccount(String projectId, String clientEmail, String privateKeyId, PrivateKey privateKey,
    String tokenUri) {

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if a text field is blank, the key is not RSA, or the token URI
   *     is not an http(s) URL
   */
  public FcmServiceAccount {
    Parsing.configured(projectId, "project_id");
    Parsing.configured(clientEmail, "client_email");
    Parsing.configured(privateKeyId, "private_key_id");
    if (privateKey == null || !"RSA".equals(privateKey.getAlgorithm())) {
      throw new IllegalArgumentException("private_key must be an RSA key, was: "
          + (privateKey == null ? "null" : privateKey.getAlgorithm()));
    }
    Parsing.httpUrl(tokenUri, "token_uri");
  }

  /**
   * Reads a service-account key file as Google's console downloads it.
   *
   * @param json the file's content
   * @return the account
   * @throws IllegalArgumentException if it is not JSON, not a service account, or a field is missing
   *     or malformed (the message names the field, never the key)
   */
  public static FcmServiceAccount fromJson(String json) {
    JsonNode root;
    try {
      root = JsonBody.MAPPER.readTree(Parsing.configured(json, "service account json"));
    } catch (IOException e) {
      // Jackson's message quotes the input, which holds the private key: neither message nor cause kept.
      throw new IllegalArgumentException("service account json is not JSON");
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("service account json must be an object");
    }
    if (!"service_account".equals(root.path("type").asText(""))) {
      throw new IllegalArgumentException("type must be service_account, was: '" + root.path("type").asText("") + "'");
    }
    return new FcmServiceAccount(field(root, "project_id"), field(root, "client_email"), field(root, "private_key_id"),
        rsaKey(field(root, "private_key")), field(root, "token_uri"));
  }

  private static String field(JsonNode root, String name) {
    JsonNode v = root.path(name);
    if (!v.isTextual() || v.asText().isBlank()) {
      throw new IllegalArgumentException(name + " must be a non-blank string in the service account json");
    }
    return v.asText();
  }

  private static PrivateKey rsaKey(String pem) {
    String base64 = pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "")
        .replaceAll("\\s", "");
    try {
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw new IllegalArgumentException("private_key must be a PKCS#8 PEM RSA key (BEGIN PRIVATE KEY)", e);
    }
  }

  @Override
  public String toString() {
    return "FcmServiceAccount[projectId=" + projectId + ", clientEmail=" + clientEmail + ", privateKeyId="
        + privateKeyId + ", tokenUri=" + tokenUri + "]";
  }
}
