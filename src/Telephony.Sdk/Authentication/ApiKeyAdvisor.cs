using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Telephony.Sdk.Resilience;

namespace Telephony.Sdk.Authentication;

/// <summary>Logs the warnings about a key (unknown shape, wrong environment) once per key, at its first use.</summary>
internal sealed class ApiKeyAdvisor(ILoggerFactory? loggerFactory, string? hostEnvironment)
{
    private readonly ConcurrentDictionary<string, bool> _advised = new(StringComparer.Ordinal);
    private readonly ILogger _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Telephony.Sdk.Authentication");

    public ILogger Logger => _logger;

    public void AdviseOnce(TelephonyApiKey key, string setting)
    {
        if (!_advised.TryAdd(KeyThrottleRegistry.KeyId(key.Value), true))
        {
            return;
        }

        if (key.Kind == TelephonyApiKeyKind.Unknown)
        {
            AuthenticationLog.UnknownKeyShape(_logger, key.Redacted);
        }

        if (KeyPolicy.EnvironmentProblem(key, hostEnvironment, setting) is { } problem)
        {
            AuthenticationLog.KeyEnvironmentMismatch(_logger, problem);
        }
    }
}
