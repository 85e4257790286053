using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Telephony.Sdk;

/// <summary>
/// Settings for a <see cref="TelephonyClient"/>.
/// </summary>
/// <remarks>
/// Bind them from configuration (section <c>Telephony</c>) or set them in code. They are validated when the
/// application starts: a missing key, a relative address, or a key that would travel over plain <c>http://</c>
/// to a non-loopback host fails fast with a message naming the setting.
/// </remarks>
public sealed class TelephonyClientOptions
{
    /// <summary>The default address of the Telephony.io API.</summary>
    public static readonly Uri DefaultBaseAddress = new("https://www.telephony.io/api/");

    /// <summary>The environment variable read when <see cref="ApiKey"/> is not set.</summary>
    public const string ApiKeyEnvironmentVariable = "TELEPHONY_API_KEY";

    /// <summary>
    /// Gets or sets the API key sent as <c>Authorization: Bearer &lt;key&gt;</c> on every request.
    /// </summary>
    /// <value>
    /// The default value is <see langword="null"/>, in which case the <c>TELEPHONY_API_KEY</c> environment variable is used.
    /// </value>
    /// <remarks>Keep keys out of source code: use configuration, environment variables or a secret store.</remarks>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Gets or sets a second key tried once when the API rejects <see cref="ApiKey"/> with 401: the overlap while a
    /// key is rotated. A warning names the (redacted) key that failed.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: no fallback.</value>
    public string? SecondaryApiKey { get; set; }

    /// <summary>
    /// Gets or sets the mode. <see cref="TelephonyClientMode.Client"/> accepts only publishable keys. A client app is
    /// also detected from its build (<c>&lt;TelephonyClientMode&gt;Client&lt;/TelephonyClientMode&gt;</c>) and its platform
    /// (browser, Android, iOS, Mac Catalyst); this setting can make the SDK stricter, never turn a client app into a server.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: decided by the build and the platform, else server.</value>
    public TelephonyClientMode? Mode { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether a live key in the Development environment, or a test key in Production,
    /// fails startup instead of logging a warning.
    /// </summary>
    /// <value>The default value is <see langword="false"/>: a warning.</value>
    public bool FailOnKeyEnvironmentMismatch { get; set; }

    /// <summary>Gets or sets the absolute address of the API; request paths are appended to it.</summary>
    /// <value>The default value is <c>https://www.telephony.io/api/</c>.</value>
    /// <remarks>Must be <c>https://</c>; <c>http://</c> is accepted only for loopback hosts such as a local fake server.</remarks>
    public Uri? BaseAddress { get; set; } = DefaultBaseAddress;

    /// <summary>
    /// Gets or sets the largest response body the SDK reads for a successful call. A larger one fails with a
    /// <see cref="TelephonyException"/> after reading no more than this, so a broken or hostile server cannot make a call
    /// hold an unbounded body in memory.
    /// </summary>
    /// <value>The default value is 1 MiB (1,048,576 bytes). Allowed: 1 KiB to 1 GiB.</value>
    [Range(1024L, 1024L * 1024 * 1024)]
    public long MaxResponseBytes { get; set; } = 1024 * 1024;

    /// <summary>Gets or sets the timeouts and retries (configuration section <c>Telephony:Resilience</c>).</summary>
    [Required]
    [ValidateObjectMembers]
    public TelephonyResilienceOptions Resilience { get; set; } = new();

    /// <summary>Gets or sets the client-side rate limit (configuration section <c>Telephony:RateLimit</c>).</summary>
    [Required]
    [ValidateObjectMembers]
    public TelephonyRateLimitOptions RateLimit { get; set; } = new();

    /// <summary>Gets or sets a value indicating whether <see cref="ApiKey"/> was read from <c>TELEPHONY_API_KEY</c>, so messages can say so.</summary>
    internal bool ApiKeyFromEnvironmentVariable { get; set; }

    /// <summary>A copy of every setting, nested sections included; no setting needs listing here.</summary>
    internal TelephonyClientOptions Clone()
    {
        var clone = (TelephonyClientOptions)MemberwiseClone();
        clone.Resilience = Resilience?.Clone()!;
        clone.RateLimit = RateLimit?.Clone()!;
        return clone;
    }
}
