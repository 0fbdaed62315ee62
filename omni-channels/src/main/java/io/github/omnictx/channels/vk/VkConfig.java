package io.github.omnictx.channels.vk;

import io.github.omnictx.channels.internal.Parsing;
import java.time.Clock;
import java.util.Objects;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;

/**
 * How one VK community is reached: its group id, the confirmation code VK's server settings show
 * (answered to the {@code confirmation} callback), the secret key set there (sent in every
 * callback's {@code secret}), the community access token {@code messages.send} is called with, and
 * the HTTP plumbing. Immutable and thread-safe; {@link #toString()} shows neither secret nor token.
 */
public final class VkConfig {
  /** The real VK API base URL. */
  public static final String DEFAULT_API_BASE_URL = "https://api.vk.com/";
  /** The API version sends are made with. */
  public static final String DEFAULT_API_VERSION = "5.199";

  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9]{1,64}");
  private static final Pattern VERSION = Pattern.compile("5\\.[0-9]{1,3}");

  private final String id;
  private final long groupId;
  private final String confirmationCode;
  private final String secret;
  private final String accessToken;
  private final String apiVersion;
  private final String apiBaseUrl;
  private final OkHttpClient httpClient;
  private final Clock clock;

  private VkConfig(Builder b) {
    this.id = b.id;
    this.groupId = b.groupId;
    this.confirmationCode = b.confirmationCode;
    this.secret = b.secret;
    this.accessToken = b.accessToken;
    this.apiVersion = b.apiVersion;
    this.apiBaseUrl = b.apiBaseUrl;
    this.httpClient = b.httpClient;
    this.clock = b.clock;
  }

  /**
   * Starts a builder.
   *
   * @param groupId the community's id, positive
   * @param confirmationCode the string VK expects in answer to {@code confirmation}, 1-64 letters or digits
   * @param secret the secret key of the Callback API server settings, 1-50 letters or digits
   * @param accessToken the community access token with the {@code messages} right
   * @return a builder with the real API URL and version, a shared default OkHttp client and the UTC clock
   * @throws IllegalArgumentException naming the setting that is missing or malformed
   */
  public static Builder builder(long groupId, String confirmationCode, String secret, String accessToken) {
    return new Builder(groupId, confirmationCode, secret, accessToken);
  }

  /** @return a builder holding this configuration */
  public Builder toBuilder() {
    return new Builder(groupId, confirmationCode, secret, accessToken).id(id).apiVersion(apiVersion)
        .apiBaseUrl(apiBaseUrl).httpClient(httpClient).clock(clock);
  }

  /** @return the adapter id (default {@code vk}) */
  public String id() {
    return id;
  }

  /** @return the community's id */
  public long groupId() {
    return groupId;
  }

  /** @return the confirmation code */
  public String confirmationCode() {
    return confirmationCode;
  }

  /** @return the callback secret */
  public String secret() {
    return secret;
  }

  /** @return the community access token */
  public String accessToken() {
    return accessToken;
  }

  /** @return the API version, e.g. {@code 5.199} */
  public String apiVersion() {
    return apiVersion;
  }

  /** @return the API base URL, ending in {@code /} */
  public String apiBaseUrl() {
    return apiBaseUrl;
  }

  /** @return the OkHttp client sends go through */
  public OkHttpClient httpClient() {
    return httpClient;
  }

  /** @return the clock Retry-After dates are measured against */
  public Clock clock() {
    return clock;
  }

  @Override
  public String toString() {
    return "VkConfig[id=" + id + ", groupId=" + groupId + ", apiVersion=" + apiVersion + ", apiBaseUrl=" + apiBaseUrl
        + "]";
  }

  /** Builds a {@link VkConfig}. Not thread-safe. */
  public static final class Builder {
    private String id = "vk";
    private final long groupId;
    private final String confirmationCode;
    private final String secret;
    private final String accessToken;
    private String apiVersion = DEFAULT_API_VERSION;
    private String apiBaseUrl = DEFAULT_API_BASE_URL;
    private OkHttpClient httpClient = Parsing.defaultClient();
    private Clock clock = Clock.systemUTC();

    private Builder(long groupId, String confirmationCode, String secret, String accessToken) {
      if (groupId <= 0) {
        throw new IllegalArgumentException("groupId must be positive, was: " + groupId);
      }
      this.groupId = groupId;
      if (confirmationCode == null || !CODE.matcher(confirmationCode).matches()) {
        throw new IllegalArgumentException("confirmationCode must be 1-64 letters or digits, was: " + confirmationCode);
      }
      this.confirmationCode = confirmationCode;
      if (secret == null || !secret.matches("[A-Za-z0-9]{1,50}")) {
        throw new IllegalArgumentException("secret must be 1-50 letters or digits (VK's limit), was: "
            + (secret == null ? "null" : secret.length() + " characters"));
      }
      this.secret = secret;
      this.accessToken = Parsing.configured(accessToken, "accessToken");
    }

    /**
     * @param id the adapter id, 1-32 characters of {@code a-z0-9-} starting with a letter
     * @return this builder
     */
    public Builder id(String id) {
      if (id == null || !id.matches("[a-z][a-z0-9-]{0,31}")) {
        throw new IllegalArgumentException("id must be 1-32 characters of a-z0-9- starting with a letter, was: " + id);
      }
      this.id = id;
      return this;
    }

    /**
     * @param version the VK API version sends are made with, {@code 5.x}
     * @return this builder
     */
    public Builder apiVersion(String version) {
      if (version == null || !VERSION.matcher(version).matches()) {
        throw new IllegalArgumentException("apiVersion must be 5.x, was: " + version);
      }
      this.apiVersion = version;
      return this;
    }

    /**
     * @param url the API base URL (a mock in tests)
     * @return this builder
     */
    public Builder apiBaseUrl(String url) {
      this.apiBaseUrl = Parsing.baseUrl(url, "apiBaseUrl");
      return this;
    }

    /**
     * @param client the application's OkHttp client
     * @return this builder
     */
    public Builder httpClient(OkHttpClient client) {
      this.httpClient = Objects.requireNonNull(client, "httpClient");
      return this;
    }

    /**
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** @return the configuration */
    public VkConfig build() {
      return new VkConfig(this);
    }
  }
}
