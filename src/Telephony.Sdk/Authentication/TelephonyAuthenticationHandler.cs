using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Telephony.Sdk.Configuration;

namespace Telephony.Sdk.Authentication;

/// <summary>
/// Puts <c>Authorization: Bearer &lt;key&gt;</c>, <c>Accept: application/json</c> and the SDK's <c>User-Agent</c>
/// on every request. The key is read per request, so a configuration reload switches keys without a restart.
/// In client mode a key other than a publishable one never leaves the process. After a 401, a configured
/// secondary key is tried once (the overlap while keys are rotated).
/// </summary>
internal sealed class TelephonyAuthenticationHandler(
    IOptionsMonitor<TelephonyClientOptions> options,
    string optionsName,
    ClientModeDetector clientMode,
    ApiKeyAdvisor advisor,
    TelephonyClientDescription? client = null)
    : DelegatingHandler
{
    private readonly string _messagePrefix = client?.MessagePrefix ?? string.Empty;
    private readonly string _logName = client?.LogName ?? "(default)";

    // Parsing is skipped while the configured string stays the same object (it changes only on reload).
    // A reference, so concurrent requests never see a torn pair.
    private ParsedKey? _primary;
    private ParsedKey? _secondary;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        var current = options.Get(optionsName);
        var mode = clientMode.Resolve(current.Mode);
        ParsedKey primary;
        try
        {
            primary = Checked(current.ApiKey, ref _primary, mode, nameof(TelephonyClientOptions.ApiKey))
                ?? throw new TelephonyException(
                    _messagePrefix + "No Telephony API key is configured. " +
                    (client?.HowToSetKey ?? $"Set TelephonyClientOptions.ApiKey or the {TelephonyClientOptions.ApiKeyEnvironmentVariable} environment variable."));
        }
        catch (TelephonyException e)
        {
            return Task.FromException<HttpResponseMessage>(e);
        }

        // NonValidated and raw values: checking or setting a header this way allocates no header collection.
        var headers = request.Headers;
        headers.Authorization = primary.Header;
        if (!headers.NonValidated.Contains("Accept"))
        {
            headers.TryAddWithoutValidation("Accept", "application/json");
        }

        if (!headers.NonValidated.Contains("User-Agent"))
        {
            headers.TryAddWithoutValidation("User-Agent", SdkUserAgent.Value);
        }

        // Only a secondary key needs the response; without one the request passes straight through, with no async
        // state machine (an allocation and a continuation per request).
        return string.IsNullOrWhiteSpace(current.SecondaryApiKey)
            ? base.SendAsync(request, cancellationToken)
            : SendWithSecondaryKeyAsync(request, current, mode, primary, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendWithSecondaryKeyAsync(
        HttpRequestMessage request, TelephonyClientOptions current, TelephonyClientMode mode, ParsedKey primary, CancellationToken cancellationToken)
    {
        if (request.Content is { } content)
        {
            // A one-shot body (a stream) could not be sent again with the secondary key: keep a copy.
            await content.LoadIntoBufferAsync().ConfigureAwait(false);
        }

        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized ||
            Checked(current.SecondaryApiKey, ref _secondary, mode, nameof(TelephonyClientOptions.SecondaryApiKey)) is not { } secondary ||
            secondary.Key == primary.Key)
        {
            return response;
        }

        AuthenticationLog.PrimaryKeyRejected(advisor.Logger, primary.Key.Redacted, secondary.Key.Redacted, _logName);
        response.Dispose();
        request.Headers.Authorization = secondary.Header;
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Parses and checks a configured key; <see langword="null"/> when none is set.</summary>
    private ParsedKey? Checked(string? raw, ref ParsedKey? cache, TelephonyClientMode mode, string setting)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        if (Volatile.Read(ref cache) is not { } parsed || !ReferenceEquals(parsed.Raw, raw))
        {
            // Startup validation normally catches this; a reloaded configuration can still bring a bad key.
            if (!TelephonyApiKey.TryParse(raw, out var key, out var error))
            {
                throw new TelephonyException($"{_messagePrefix}TelephonyClientOptions.{setting} is invalid: {error}");
            }

            parsed = new ParsedKey(raw, key);
            Volatile.Write(ref cache, parsed);
            advisor.AdviseOnce(key, setting, _logName);
        }

        // Defence in depth: even a key that slipped past validation never leaves a client app.
        return KeyPolicy.ModeProblem(parsed.Key, mode, setting) is { } problem ? throw new TelephonyException(_messagePrefix + problem) : parsed;
    }

    /// <summary>
    /// A parsed key and its <c>Authorization</c> value, made once per key rather than per request. The header value is
    /// immutable, so every request may carry the same instance.
    /// </summary>
    private sealed class ParsedKey(string raw, TelephonyApiKey key)
    {
        public string Raw { get; } = raw;

        public TelephonyApiKey Key { get; } = key;

        public AuthenticationHeaderValue Header { get; } = new("Bearer", key.Value);
    }
}
