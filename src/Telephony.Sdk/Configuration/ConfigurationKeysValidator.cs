using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Telephony.Sdk.Configuration;

/// <summary>
/// Fails startup on a key in a client's configuration section that is not a setting (a misspelling, usually), with its
/// full path and the nearest valid name. The binder is told to ignore unknown keys so that this check, which knows the
/// other registered clients, is the one that reports them: a named client's subsection of the default client's
/// section (<c>Telephony:Marketing</c> inside <c>Telephony</c>) belongs to that client, not to the default one.
/// </summary>
internal sealed class ConfigurationKeysValidator(IEnumerable<ClientConfigurationSection> sections, IServiceProvider services)
    : IValidateOptions<TelephonyClientOptions>
{
    private readonly ClientConfigurationSection[] _sections = [.. sections];

    public ValidateOptionsResult Validate(string? name, TelephonyClientOptions options)
    {
        name ??= Options.DefaultName;
        List<string>? failures = null;
        var prefix = TelephonyClientDescription.For(services, name).MessagePrefix;
        var otherClients = _sections.Where(s => s.ClientName != name).Select(s => s.Path).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var section in _sections.Where(s => s.ClientName == name))
        {
            Check(section.Resolve(services), section.Path, TelephonySettings.Client, otherClients, prefix, ref failures);
        }

        return failures is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(
        IConfiguration section, string path, KnownSettingSection known, HashSet<string> otherClients, string prefix, ref List<string>? failures)
    {
        foreach (var child in section.GetChildren())
        {
            if (BelongsToAnotherClient(child.Path, otherClients))
            {
                continue;
            }

            var setting = known.Find(child.Key);
            if (setting is null)
            {
                (failures ??= []).Add(prefix + Unknown(child, path, known));
            }
            else if (setting.Section is { } nested)
            {
                Check(child, child.Path, nested, otherClients, prefix, ref failures);
            }
        }
    }

    /// <summary>The section of another client, or a section that holds some (<c>Telephony:Accounts</c> for <c>Telephony:Accounts:Marketing</c>).</summary>
    private static bool BelongsToAnotherClient(string path, HashSet<string> otherClients) =>
        otherClients.Contains(path) ||
        otherClients.Any(other => other.StartsWith(path + ":", StringComparison.OrdinalIgnoreCase));

    private static string Unknown(IConfigurationSection child, string path, KnownSettingSection known)
    {
        var nearest = NearestSetting.Find(child, known);
        var message = nearest is null
            ? $"{child.Path} is not a setting."
            : $"{child.Path} is not a setting; did you mean {Join(path, nearest.Name)}?";
        message += $" The settings {(path.Length == 0 ? "at the top level" : "of " + path)} are: {string.Join(", ", known.Settings.Select(s => s.Name))}.";
        if (child.Value is null && ReferenceEquals(known, TelephonySettings.Client))
        {
            message += $" To configure a named client from this section, register it with services.AddTelephonyClient(name, configuration.GetSection(\"{child.Path}\")).";
        }

        return message;
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : path + ":" + name;
}
