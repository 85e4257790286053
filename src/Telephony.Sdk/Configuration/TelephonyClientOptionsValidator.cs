using System.Net;
using Microsoft.Extensions.Options;

namespace Telephony.Sdk.Configuration;

/// <summary>
/// Checks the settings that must hold before any request is sent. Messages name the setting and the fix
/// and never contain the key itself.
/// </summary>
internal sealed class TelephonyClientOptionsValidator : IValidateOptions<TelephonyClientOptions>
{
    public ValidateOptionsResult Validate(string? name, TelephonyClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string>? failures = null;

        if (ValidateApiKey(options.ApiKey) is { } keyFailure)
        {
            (failures ??= []).Add(keyFailure);
        }

        if (ValidateBaseAddress(options.BaseAddress) is { } addressFailure)
        {
            (failures ??= []).Add(addressFailure);
        }

        var nested = new List<string>();
        TelephonyResilienceOptionsValidator.Validate(options, nested);
        if (nested.Count > 0)
        {
            (failures ??= []).AddRange(nested);
        }

        return failures is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string? ValidateApiKey(string? apiKey)
    {
        const string WhereToSetIt =
            "Set TelephonyClientOptions.ApiKey in code, 'ApiKey' in the Telephony configuration section, " +
            "or the " + TelephonyClientOptions.ApiKeyEnvironmentVariable + " environment variable.";

        if (apiKey is null || apiKey.Length == 0)
        {
            return "TelephonyClientOptions.ApiKey is not set. " + WhereToSetIt;
        }

        if (string.IsNullOrWhiteSpace(apiKey))
        {
            return "TelephonyClientOptions.ApiKey is blank (it contains only white space). " + WhereToSetIt;
        }

        return null;
    }

    private static string? ValidateBaseAddress(Uri? baseAddress)
    {
        if (baseAddress is null)
        {
            return "TelephonyClientOptions.BaseAddress is not set. Leave it at its default " +
                $"({TelephonyClientOptions.DefaultBaseAddress}) or set an absolute https:// address.";
        }

        if (!baseAddress.IsAbsoluteUri)
        {
            return $"TelephonyClientOptions.BaseAddress '{baseAddress.OriginalString}' is relative. " +
                $"Use an absolute address such as {TelephonyClientOptions.DefaultBaseAddress}.";
        }

        if (baseAddress.Scheme == Uri.UriSchemeHttps)
        {
            return null;
        }

        if (baseAddress.Scheme == Uri.UriSchemeHttp)
        {
            return IsLoopback(baseAddress)
                ? null
                : $"TelephonyClientOptions.BaseAddress uses http:// with host '{baseAddress.Host}'. An API key must " +
                  "never travel in clear text: use https://, or http:// only to a loopback host " +
                  "(localhost, 127.0.0.1, [::1]) such as a local fake server.";
        }

        return $"TelephonyClientOptions.BaseAddress has the scheme '{baseAddress.Scheme}'. Use an https:// address.";
    }

    private static bool IsLoopback(Uri address) =>
        address.IsLoopback || (IPAddress.TryParse(address.DnsSafeHost, out var ip) && IPAddress.IsLoopback(ip));
}
