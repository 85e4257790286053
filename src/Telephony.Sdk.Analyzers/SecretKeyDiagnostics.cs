using Microsoft.CodeAnalysis;

namespace Telephony.Sdk.Analyzers;

/// <summary>The diagnostics the SDK reports for secret keys in source. Ids are public contract: never reuse one.</summary>
internal static class SecretKeyDiagnostics
{
    private const string Category = "Security";

    /// <summary>
    /// A secret key in a client app. Not configurable, so neither <c>#pragma</c>, <c>NoWarn</c> nor
    /// <c>.editorconfig</c> can turn it off: anyone who has the app has the key.
    /// </summary>
    public static readonly DiagnosticDescriptor SecretKeyInClientApp = new(
        id: "TEL1001",
        title: "Secret Telephony.io key in a client app",
        messageFormat: "A Telephony.io secret key ({0}) is in the source of a client app, where anyone who has the app can read it: use a publishable key (pk_live_…, pk_test_…) in client apps and keep secret keys on your server",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Secret keys have full access to the Telephony.io account. Client apps (TelephonyClientMode=Client: Blazor WebAssembly, Android, iOS, Mac Catalyst) can be unpacked by anyone who installs them.",
        customTags: WellKnownDiagnosticTags.NotConfigurable);

    /// <summary>A secret key in the source of a server app: it belongs in configuration, not in version control.</summary>
    public static readonly DiagnosticDescriptor SecretKeyInSource = new(
        id: "TEL1002",
        title: "Secret Telephony.io key in source code",
        messageFormat: "A Telephony.io secret key ({0}) is in source code: keys do not belong in source; load it from configuration, an environment variable or user secrets",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Keys in source code end up in version control and in every copy of the binaries. Load them from configuration (environment variables, user secrets, a key vault) and rotate any key that was committed.");
}
