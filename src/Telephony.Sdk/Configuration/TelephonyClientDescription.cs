using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Telephony.Sdk.Configuration;

/// <summary>
/// How messages and logs refer to one client: its name, and where its settings (its key above all) come from. A named
/// client reads only its own section or code, never the <c>Telephony</c> section or <c>TELEPHONY_API_KEY</c>, so its
/// messages never send a user there.
/// </summary>
internal sealed class TelephonyClientDescription(string name, string? sectionPath)
{
    /// <summary>Gets the client's name; empty for the default client.</summary>
    public string Name { get; } = name;

    /// <summary>Gets the path of the configuration section the client is bound to, or <see langword="null"/> when it is configured in code.</summary>
    public string? SectionPath { get; } = sectionPath;

    /// <summary>Gets the name logs show: the client's name, or <c>(default)</c>.</summary>
    public string LogName => LogNameOf(Name);

    /// <summary>Gets what starts every message about a named client: its name and section. Empty for the default client.</summary>
    public string MessagePrefix =>
        IsDefault ? string.Empty
        : SectionPath is null ? $"Telephony client '{Name}': "
        : $"Telephony client '{Name}' (section {Display(SectionPath)}): ";

    /// <summary>Gets where the key is set, for advice after a 401: <c>Telephony:ApiKey or TELEPHONY_API_KEY</c>, say.</summary>
    public string KeySetting =>
        IsDefault ? $"{(SectionPath is null ? "TelephonyClientOptions.ApiKey" : KeyPath)} or {TelephonyClientOptions.ApiKeyEnvironmentVariable}"
        : SectionPath is null ? $"set in services.AddTelephonyClient(\"{Name}\", …)"
        : KeyPath;

    /// <summary>Gets the sentence that says how to set a missing key.</summary>
    public string HowToSetKey =>
        (IsDefault, SectionPath) switch
        {
            (true, null) => $"Set TelephonyClientOptions.ApiKey in code or the {TelephonyClientOptions.ApiKeyEnvironmentVariable} environment variable.",
            (true, _) => $"Set '{KeyPath}' in configuration ({EnvironmentForm} in the environment), the " +
                         $"{TelephonyClientOptions.ApiKeyEnvironmentVariable} environment variable, or TelephonyClientOptions.ApiKey in code.",
            (false, null) => $"Set options.ApiKey in services.AddTelephonyClient(\"{Name}\", options => …): a named client reads only what its registration gives it.",
            (false, _) => $"Set '{KeyPath}' in configuration ({EnvironmentForm} in the environment): a named client reads only its own section.",
        };

    private bool IsDefault => Name == Options.DefaultName;

    private string KeyPath => string.IsNullOrEmpty(SectionPath) ? "ApiKey" : SectionPath + ":ApiKey";

    private string EnvironmentForm => KeyPath.Replace(":", "__");

    /// <summary>The name logs show for the client <paramref name="name"/>: the name, or <c>(default)</c> for the default client.</summary>
    public static string LogNameOf(string name) => name == Options.DefaultName ? "(default)" : name;

    /// <summary>Describes the client <paramref name="name"/> from its registrations in <paramref name="services"/>.</summary>
    public static TelephonyClientDescription For(IServiceProvider services, string name)
    {
        // Options bound twice are read from both; the last binding wins where they overlap, so it names the section.
        var section = services.GetServices<ClientConfigurationSection>().LastOrDefault(s => s.ClientName == name);
        return new TelephonyClientDescription(name, section?.Path);
    }

    /// <summary>The advice appended to the message of a 401: which key to check, and where it is set.</summary>
    public string RejectedKeyAdvice(string redactedKey, bool perCall = false) =>
        perCall ? $"Check the key {redactedKey} given for this call (TelephonyRequestOptions.ApiKey) against your dashboard"
        : IsDefault
            ? $"Check the configured key {redactedKey} ({KeySetting}) against your dashboard"
            : $"Check the configured key {redactedKey} of the Telephony client '{Name}' ({KeySetting}) against your dashboard";

    private static string Display(string path) => path.Length == 0 ? "the configuration root" : path;
}
