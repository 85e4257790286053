using Microsoft.Extensions.Logging;

namespace Telephony.Sdk.Resilience;

/// <summary>Log messages of the resilience pipeline. Event ids are stable; keys are always redacted.</summary>
internal static partial class ResilienceLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning,
        Message = "Retrying {Method} {Path}: attempt {Attempt} in {DelayMs} ms after {Reason} (key {RedactedKey})")]
    public static partial void RetryScheduled(ILogger logger, string method, string? path, int attempt, double delayMs, string reason, string redactedKey);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning,
        Message = "Not retrying {Method} {Path}: the server asked to wait {RetryAfterMs} ms, more than the {LimitMs} ms allowed (key {RedactedKey})")]
    public static partial void RetryAfterTooLong(ILogger logger, string method, string? path, double retryAfterMs, double limitMs, string redactedKey);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information,
        Message = "Holding {Method} {Path} for {DelayMs} ms: the server asked this key to back off (key {RedactedKey})")]
    public static partial void HoldingForServerBackoff(ILogger logger, string method, string? path, double delayMs, string redactedKey);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Debug,
        Message = "Waited {WaitMs} ms for a client-side rate-limit permit (key {RedactedKey})")]
    public static partial void WaitedForPermit(ILogger logger, double waitMs, string redactedKey);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning,
        Message = "Not sending {Method} {Path}: {Reason} (key {RedactedKey})")]
    public static partial void RejectedBeforeSending(ILogger logger, string method, string? path, string reason, string redactedKey);
}
