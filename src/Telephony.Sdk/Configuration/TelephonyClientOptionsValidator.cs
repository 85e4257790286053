using System.Net;
using Microsoft.Extensions.Options;
using Telephony.Sdk.Authentication;

namespace Telephony.Sdk.Configuration;

/// <summary>
/// Checks the settings that must hold before any request is sent. Messages name the setting and the fix, start with
/// the client's name and section when it is a named client, and never contain the key itself.
/// </summary>
internal sealed class TelephonyClientOptionsValidator(ClientModeDetector clientMode, IServiceProvider services)
    : IValidateOptions<TelephonyClientOptions>
{
    public ValidateOptionsResult Validate(string? name, TelephonyClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var mode = clientMode.Resolve(options.Mode);
        var client = TelephonyClientDescription.For(services, name ?? Options.DefaultName);

        if (ValidateApiKey(options.ApiKey, client) is { } missing)
        {
            failures.Add(missing);
        }
        else
        {
            // A key from TELEPHONY_API_KEY is named as such: the app may set no ApiKey anywhere.
            var setting = options.ApiKeyFromEnvironmentVariable
                ? $"{nameof(TelephonyClientOptions.ApiKey)} (read from the {TelephonyClientOptions.ApiKeyEnvironmentVariable} environment variable)"
                : nameof(TelephonyClientOptions.ApiKey);
            ValidateKey(options.ApiKey!, setting, mode, options.FailOnKeyEnvironmentMismatch, failures);
        }

        if (!string.IsNullOrEmpty(options.SecondaryApiKey))
        {
            ValidateKey(options.SecondaryApiKey, nameof(TelephonyClientOptions.SecondaryApiKey), mode, options.FailOnKeyEnvironmentMismatch, failures);
        }

        if (ValidateBaseAddress(options.BaseAddress, options) is { } addressFailure)
        {
            failures.Add(addressFailure);
        }

        TelephonyResilienceOptionsValidator.Validate(name, options, failures);
        return failures.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(client.MessagePrefix.Length == 0 ? failures : failures.Select(f => client.MessagePrefix + f));
    }

    private void ValidateKey(string raw, string setting, TelephonyClientMode mode, bool environmentMustMatch, List<string> failures)
    {
        if (!TelephonyApiKey.TryParse(raw, out var key, out var error))
        {
            failures.Add($"TelephonyClientOptions.{setting} is invalid: {error}");
            return;
        }

        if (KeyPolicy.ModeProblem(key, mode, "TelephonyClientOptions." + setting) is { } modeProblem)
        {
            failures.Add(modeProblem);
        }

        if (environmentMustMatch && KeyPolicy.EnvironmentProblem(key, HostEnvironmentName.Get(services), "TelephonyClientOptions." + setting) is { } environmentProblem)
        {
            failures.Add(environmentProblem + " (FailOnKeyEnvironmentMismatch is on.)");
        }
    }

    private static string? ValidateApiKey(string? apiKey, TelephonyClientDescription client) =>
        string.IsNullOrEmpty(apiKey) ? "TelephonyClientOptions.ApiKey is not set. " + client.HowToSetKey
        : string.IsNullOrWhiteSpace(apiKey) ? "TelephonyClientOptions.ApiKey is blank (it contains only white space). " + client.HowToSetKey
        : null;

    private static string? ValidateBaseAddress(Uri? baseAddress, TelephonyClientOptions options) => baseAddress switch
    {
        null => "TelephonyClientOptions.BaseAddress is not set. Leave it at its default " +
                $"({TelephonyClientOptions.DefaultBaseAddress}) or set an absolute https:// address.",
        { IsAbsoluteUri: false } => $"TelephonyClientOptions.BaseAddress '{Displayed(baseAddress.OriginalString, options)}' is relative. " +
                $"Use an absolute address such as {TelephonyClientOptions.DefaultBaseAddress}.",
        _ when baseAddress.Scheme == Uri.UriSchemeHttps || (baseAddress.Scheme == Uri.UriSchemeHttp && IsLoopback(baseAddress)) => null,
        _ when baseAddress.Scheme == Uri.UriSchemeHttp =>
                $"TelephonyClientOptions.BaseAddress uses http:// with host '{baseAddress.Host}'. An API key must " +
                "never travel in clear text: use https://, or http:// only to a loopback host " +
                "(localhost, 127.0.0.1, [::1]) such as a local fake server.",
        _ => $"TelephonyClientOptions.BaseAddress has the scheme '{baseAddress.Scheme}'. Use an https:// address.",
    };

    /// <summary>
    /// The address as configured, with any key in it redacted: swapped settings (the key bound to <c>BaseAddress</c>)
    /// bind as a relative address, which the message would otherwise repeat whole.
    /// </summary>
    private static string Displayed(string address, TelephonyClientOptions options)
    {
        if (string.Equals(address, options.ApiKey, StringComparison.Ordinal) || string.Equals(address, options.SecondaryApiKey, StringComparison.Ordinal))
        {
            return ApiKeyRedaction.Redact(address);
        }

        // The redacted form is not found again: the ellipsis ends a key in text.
        while (SecretKeyShape.FindInText(address, out var start, out var length))
        {
            address = address[..start] + ApiKeyRedaction.Redact(address.Substring(start, length)) + address[(start + length)..];
        }

        return address;
    }

    private static bool IsLoopback(Uri address) =>
        address.IsLoopback || (IPAddress.TryParse(address.DnsSafeHost, out var ip) && IPAddress.IsLoopback(ip));
}
