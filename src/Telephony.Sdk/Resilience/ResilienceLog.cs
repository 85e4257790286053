using Microsoft.Extensions.Logging;

namespace Telephony.Sdk.Resilience;

/// <summary>Log messages of the resilience pipeline. Event ids are stable; keys are always redacted; the client is named.</summary>
internal static partial class ResilienceLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning,
        Message = "Retrying {Method} {Path}: attempt {Attempt} in {DelayMs} ms after {Reason} (client {ClientName}, key {RedactedKey})")]
    public static partial void RetryScheduled(ILogger logger, string method, string? path, int attempt, double delayMs, string reason, string clientName, string redactedKey);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning,
        Message = "Not retrying {Method} {Path}: the server asked to wait {RetryAfterMs} ms, more than the {LimitMs} ms allowed (client {ClientName}, key {RedactedKey})")]
    public static partial void RetryAfterTooLong(ILogger logger, string method, string? path, double retryAfterMs, double limitMs, string clientName, string redactedKey);

    [LoggerMessage(EventId = 2003,
        Message = "Holding {Method} {Path} for {DelayMs} ms: the server asked this key to back off (client {ClientName}, key {RedactedKey})")]
    public static partial void HoldingForServerBackoff(ILogger logger, LogLevel level, string method, string? path, double delayMs, string clientName, string redactedKey);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning,
        Message = "Not sending {Method} {Path}: {Reason} (client {ClientName}, key {RedactedKey})")]
    public static partial void RejectedBeforeSending(ILogger logger, string method, string? path, string reason, string clientName, string redactedKey);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Information,
        Message = "Pacing requests at {RequestsPerSecond:0.##} per second after a 429 that stated no limit (client {ClientName}, key {RedactedKey})")]
    public static partial void PaceChanged(ILogger logger, double requestsPerSecond, string clientName, string redactedKey);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Warning,
        Message = "Ignoring malformed rate-limit headers from the server (client {ClientName}, key {RedactedKey})")]
    public static partial void MalformedRateLimitHeaders(ILogger logger, string clientName, string redactedKey);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Information,
        Message = "Removed {Count} resilience handler(s) added by the app from the Telephony client's HttpClient (client {ClientName}): the SDK runs its own pipeline, with its rate limit, and only that one")]
    public static partial void ForeignPipelinesRemoved(ILogger logger, int count, string clientName);
}
