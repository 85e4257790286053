using Microsoft.Extensions.Logging;
using Telephony.Sdk.Configuration;
using Telephony.Sdk.Diagnostics;
using Telephony.Sdk.RateLimiting;

namespace Telephony.Sdk.Resilience;

/// <summary>What the steps of one client's pipeline share: its settings, name, clock, logger and telemetry.</summary>
/// <remarks>A class, not a record: a record's generated ToString() would print the settings.</remarks>
internal sealed class PipelineContext(
    TelephonyClientOptions options,
    string clientName,
    TimeProvider clock,
    ILogger logger,
    TelephonyTelemetry telemetry,
    ILogger authenticationLogger,
    KeyRateLimitRegistry rateLimits)
{
    public TelephonyClientOptions Options { get; } = options;

    /// <summary>Gets the client's name for logs: <c>(default)</c> for the default client.</summary>
    public string ClientName { get; } = TelephonyClientDescription.LogNameOf(clientName);

    public TimeProvider Clock { get; } = clock;

    public ILogger Logger { get; } = logger;

    public TelephonyTelemetry Telemetry { get; } = telemetry;

    /// <summary>Gets the logger of key events (<c>Telephony.Sdk.Authentication</c>), such as a switch to the secondary key.</summary>
    public ILogger AuthenticationLogger { get; } = authenticationLogger;

    /// <summary>Gets the per-key rate-limit states of the service provider the client belongs to.</summary>
    public KeyRateLimitRegistry RateLimits { get; } = rateLimits;
}
