using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace Telephony.Sdk.Configuration;

/// <summary>
/// The settings of one options type, read from its public settable properties, so a property added to the type is a
/// setting without any other change. Delegates (such as <c>RateLimit.LimiterFactory</c>) are code, not configuration.
/// </summary>
internal sealed class KnownSettingSection
{
    private KnownSettingSection(IReadOnlyList<KnownSetting> settings) => Settings = settings;

    /// <summary>Gets the settings in declaration order.</summary>
    public IReadOnlyList<KnownSetting> Settings { get; }

    /// <summary>Builds the settings of <paramref name="type"/>; a property of a type in <paramref name="sections"/> is a section.</summary>
    public static KnownSettingSection Of(
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] Type type,
        IReadOnlyDictionary<Type, KnownSettingSection>? sections = null) =>

        // Settable, non-indexed, non-delegate properties: what the configuration binder can set.
        new([.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(static p => p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0 && !typeof(Delegate).IsAssignableFrom(p.PropertyType))
            .Select(p => new KnownSetting(p.Name, p.PropertyType, sections?.GetValueOrDefault(p.PropertyType)))]);

    /// <summary>Finds a setting by its configuration key, which is case-insensitive like every configuration key.</summary>
    public KnownSetting? Find(string key) => Settings.FirstOrDefault(setting => string.Equals(setting.Name, key, StringComparison.OrdinalIgnoreCase));
}
