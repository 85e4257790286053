using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Telephony.Sdk.Authentication;

/// <summary>
/// Logs the warnings about a key (unknown shape, wrong environment, a secondary key that is the primary) once per client
/// and key, at its first use. Only keys with something to say are remembered, so a client that serves many customers'
/// keys keeps nothing for the sound ones.
/// </summary>
internal sealed class ApiKeyAdvisor(ILoggerFactory? loggerFactory, string? hostEnvironment)
{
    private readonly ConcurrentDictionary<(string Client, TelephonyApiKey Key), bool> _advised = new();
    private readonly ConcurrentDictionary<(string Client, TelephonyApiKey Key), bool> _sameSecondary = new();

    public ILogger Logger { get; } = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Telephony.Sdk.Authentication");

    /// <summary>Why <paramref name="key"/> does not fit the host environment, or <see langword="null"/> if it does.</summary>
    public string? EnvironmentProblem(TelephonyApiKey key, string setting) => KeyPolicy.EnvironmentProblem(key, hostEnvironment, setting);

    public void AdviseOnce(TelephonyApiKey key, string setting, string clientName)
    {
        var problem = EnvironmentProblem(key, setting);
        if ((key.Kind != TelephonyApiKeyKind.Unknown && problem is null) || !_advised.TryAdd((clientName, key), true))
        {
            return;
        }

        if (key.Kind == TelephonyApiKeyKind.Unknown)
        {
            AuthenticationLog.UnknownKeyShape(Logger, key.Redacted, clientName);
        }

        if (problem is not null)
        {
            AuthenticationLog.KeyEnvironmentMismatch(Logger, problem, clientName);
        }
    }

    /// <summary>A secondary key equal to the primary is never tried: the app believes it has a fallback it does not have.</summary>
    public void AdviseSameSecondaryOnce(TelephonyApiKey key, string clientName)
    {
        if (_sameSecondary.TryAdd((clientName, key), true))
        {
            AuthenticationLog.SecondaryKeySameAsPrimary(Logger, key.Redacted, clientName);
        }
    }
}
