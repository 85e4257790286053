using Telephony.Sdk;
using Telephony.Sdk.Testing;

namespace Telephony.Cli.FakeServer;

/// <summary>The fake server's printed test keys, which are published and not secrets, and how the banner shows any other key.</summary>
internal static class FakeServerKeys
{
    public static readonly string[] Printed =
    [
        TelephonyFakeServer.PublishableTestKey, TelephonyFakeServer.SecretTestKey,
        TelephonyFakeServer.PublishableLiveKey, TelephonyFakeServer.SecretLiveKey,
    ];

    public static bool IsPrinted(string key) => Printed.Contains(key, StringComparer.Ordinal);

    /// <summary>A printed key as it is; a key added with <c>--key</c> redacted, as the SDK shows keys.</summary>
    public static string Show(string key) =>
        IsPrinted(key) ? key : TelephonyApiKey.TryParse(key, out var parsed) ? parsed.Redacted : "(malformed)";
}
