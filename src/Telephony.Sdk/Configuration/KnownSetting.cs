namespace Telephony.Sdk.Configuration;

/// <summary>A setting that can be read from configuration: its name, its type, and its own settings if it is a section.</summary>
internal sealed record KnownSetting(string Name, Type Type, KnownSettingSection? Section);
