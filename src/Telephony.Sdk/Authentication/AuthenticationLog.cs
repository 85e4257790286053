using Microsoft.Extensions.Logging;

namespace Telephony.Sdk.Authentication;

/// <summary>Log messages about keys. Event ids are stable; keys are always redacted; every event names its client.</summary>
internal static partial class AuthenticationLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning,
        Message = "The API key {RedactedKey} has a shape the SDK does not know (not pk_live_, pk_test_, sk_live_ or sk_test_); it is sent as is (client {ClientName})")]
    public static partial void UnknownKeyShape(ILogger logger, string redactedKey, string clientName);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "{Problem} (client {ClientName})")]
    public static partial void KeyEnvironmentMismatch(ILogger logger, string problem, string clientName);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning,
        Message = "The API rejected the primary key {RedactedKey} (401); retrying once with the secondary key {RedactedSecondaryKey} (client {ClientName})")]
    public static partial void PrimaryKeyRejected(ILogger logger, string redactedKey, string redactedSecondaryKey, string clientName);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning,
        Message = "SecondaryApiKey is the same key as ApiKey ({RedactedKey}), so a 401 is never retried with another key. While rotating, set the new key as ApiKey and the old one as SecondaryApiKey; otherwise remove SecondaryApiKey (client {ClientName})")]
    public static partial void SecondaryKeySameAsPrimary(ILogger logger, string redactedKey, string clientName);
}
