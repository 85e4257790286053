using Microsoft.Extensions.Options;
using Telephony.Sdk.Configuration;
using Telephony.Sdk.Internal;

namespace Telephony.Sdk.Authentication;

/// <summary>
/// Puts <c>Authorization: Bearer &lt;key&gt;</c>, <c>Accept: application/json</c> and the SDK's <c>User-Agent</c>
/// on every request, and carries the parsed key (and the secondary key, which the retry step tries once after a 401)
/// in the request's options. The key is read per request, so a configuration reload switches keys without a restart.
/// A key given for the call (<see cref="TelephonyRequestOptions.ApiKey"/>) replaces the configured one, is checked by the
/// same rules and has no secondary; the call's <c>Idempotency-Key</c> and extra headers are added here too. In client
/// mode a key other than a publishable one never leaves the process.
/// </summary>
internal sealed class TelephonyAuthenticationHandler(
    IOptionsMonitor<TelephonyClientOptions> options,
    string optionsName,
    ClientModeDetector clientMode,
    ApiKeyAdvisor advisor,
    TelephonyClientDescription? client = null)
    : DelegatingHandler
{
    private const string PerCallSetting = "TelephonyRequestOptions.ApiKey";
    private readonly string _messagePrefix = client?.MessagePrefix ?? string.Empty;
    private readonly string _logName = client?.LogName ?? TelephonyClientDescription.LogNameOf(optionsName);
    private RequestKey? _primary;
    private RequestKey? _secondary;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        var current = options.Get(optionsName);
        var mode = clientMode.Resolve(current.Mode);
        var call = PendingCallOptions.Current.Value;
        RequestKey? secondary = null;
        try
        {
            if (call?.ApiKey is { } perCall)
            {
                var key = Checked(perCall, ref call.ParsedKey, mode, PerCallSetting, perCall: true);
                if (current.FailOnKeyEnvironmentMismatch && advisor.EnvironmentProblem(key.Key, PerCallSetting) is { } problem)
                {
                    throw new TelephonyException(_messagePrefix + problem);
                }

                key.Use(request);
            }
            else
            {
                var primary = string.IsNullOrWhiteSpace(current.ApiKey)
                    ? throw new TelephonyException(
                        _messagePrefix + "No Telephony API key is configured. " +
                        (client?.HowToSetKey ?? $"Set TelephonyClientOptions.ApiKey or the {TelephonyClientOptions.ApiKeyEnvironmentVariable} environment variable."))
                    : Checked(current.ApiKey, ref _primary, mode, "TelephonyClientOptions.ApiKey");
                primary.Use(request);
                secondary = string.IsNullOrWhiteSpace(current.SecondaryApiKey) ? null
                    : WithSecondary(request, primary, Checked(current.SecondaryApiKey, ref _secondary, mode, "TelephonyClientOptions.SecondaryApiKey"));
            }
        }
        catch (TelephonyException e)
        {
            return Task.FromException<HttpResponseMessage>(e);
        }

        call?.ApplyTo(request);

        // NonValidated and raw values: checking or setting a header this way allocates no header collection.
        var headers = request.Headers;
        if (!headers.NonValidated.Contains("Accept"))
        {
            headers.TryAddWithoutValidation("Accept", "application/json");
        }

        if (!headers.NonValidated.Contains("User-Agent"))
        {
            headers.TryAddWithoutValidation("User-Agent", SdkUserAgent.Value);
        }

        // A one-shot body (a stream) could not be sent again with the secondary key: keep a copy first.
        return secondary is not null && request.Content is { } content
            ? SendBufferedAsync(request, content, cancellationToken)
            : base.SendAsync(request, cancellationToken);
    }

    /// <summary>Puts the secondary key in the request's options when it differs from the primary; returns it then.</summary>
    private RequestKey? WithSecondary(HttpRequestMessage request, RequestKey primary, RequestKey secondary)
    {
        if (secondary.Key == primary.Key)
        {
            advisor.AdviseSameSecondaryOnce(primary.Key, _logName);
            return null;
        }

        request.Options.Set(RequestKey.Secondary, secondary);
        return secondary;
    }

    /// <summary>Parses and checks a key given for one call, by the rules a configured key meets at startup and here.</summary>
    private async Task<HttpResponseMessage> SendBufferedAsync(HttpRequestMessage request, HttpContent content, CancellationToken cancellationToken)
    {
        await content.LoadIntoBufferAsync().ConfigureAwait(false);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Parses and checks a configured key; <see langword="null"/> when none is set.</summary>
    /// <summary>
    /// The key a setting holds, parsed once while the setting's string stays the same object (a configured key changes only
    /// on reload; a per-call key is cached on its <see cref="TelephonyRequestOptions"/>), and refused in a client-mode build
    /// unless it is publishable.
    /// </summary>
    private RequestKey Checked(string raw, ref RequestKey? cache, TelephonyClientMode mode, string setting, bool perCall = false)
    {
        if (Volatile.Read(ref cache) is not { } parsed || !ReferenceEquals(parsed.Raw, raw))
        {
            // Startup validation normally catches this for a configured key; a reload, or a per-call key, can still bring a bad one.
            if (!TelephonyApiKey.TryParse(raw, out var key, out var error))
            {
                throw new TelephonyException($"{_messagePrefix}{setting} is invalid: {error}");
            }

            parsed = new RequestKey(raw, key, perCall);
            Volatile.Write(ref cache, parsed);
            advisor.AdviseOnce(key, setting, _logName);
        }

        // Defence in depth: even a key that slipped past validation never leaves a client app.
        return KeyPolicy.ModeProblem(parsed.Key, mode, setting) is { } problem ? throw new TelephonyException(_messagePrefix + problem) : parsed;
    }
}
