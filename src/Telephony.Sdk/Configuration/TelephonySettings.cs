namespace Telephony.Sdk.Configuration;

/// <summary>
/// The settings a client reads from configuration, derived once from <see cref="TelephonyClientOptions"/> and the
/// options types of its sections. A new setting needs no change here; a new nested options type needs one line.
/// </summary>
internal static class TelephonySettings
{
    public static KnownSettingSection Client { get; } = KnownSettingSection.Of(
        typeof(TelephonyClientOptions),
        new Dictionary<Type, KnownSettingSection>
        {
            [typeof(TelephonyResilienceOptions)] = KnownSettingSection.Of(typeof(TelephonyResilienceOptions)),
            [typeof(TelephonyRateLimitOptions)] = KnownSettingSection.Of(typeof(TelephonyRateLimitOptions)),
        });
}
