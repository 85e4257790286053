using System.Reflection;

namespace Telephony.Sdk.Authentication;

/// <summary>
/// Decides whether the app is a client app. Three sources, the stricter wins: the build (the app's
/// <c>TelephonyClientMode</c> property, carried by the package's build files), the platform it runs on, and
/// <see cref="TelephonyClientOptions.Mode"/>. Settings can make a server build stricter, never a client build laxer.
/// </summary>
internal class ClientModeDetector
{
    internal const string AppContextSwitch = "Telephony.Sdk.ClientMode";
    internal const string AssemblyMetadataKey = "TelephonyClientMode";

    private readonly Lazy<bool> _clientByBuildOrPlatform;

    /// <summary>Gets the detector that reads the real build switch and platform.</summary>
    public static ClientModeDetector Default { get; } = new();

    public ClientModeDetector() => _clientByBuildOrPlatform = new(() => IsClientBuild() || IsClientPlatform());

    /// <summary>The effective mode, given the configured one (which can only make it stricter).</summary>
    public TelephonyClientMode Resolve(TelephonyClientMode? configured) =>
        _clientByBuildOrPlatform.Value || configured == TelephonyClientMode.Client
            ? TelephonyClientMode.Client
            : TelephonyClientMode.Server;

    /// <summary>
    /// Whether the app was built with <c>TelephonyClientMode=Client</c>: the AppContext switch, which works where the entry
    /// assembly is unknown (Android, iOS, NativeAOT) and survives trimming, else the entry assembly's metadata.
    /// </summary>
    protected virtual bool IsClientBuild() =>
        AppContext.TryGetSwitch(AppContextSwitch, out var isClient)
            ? isClient
            : Assembly.GetEntryAssembly()?.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Any(static a => a.Key == AssemblyMetadataKey && string.Equals(a.Value, "Client", StringComparison.OrdinalIgnoreCase)) == true;

    /// <summary>Whether the app runs where users hold the binary: a browser, a phone or a Mac Catalyst app.</summary>
    protected virtual bool IsClientPlatform() =>
        OperatingSystem.IsBrowser() || OperatingSystem.IsAndroid() || OperatingSystem.IsIOS() || OperatingSystem.IsMacCatalyst();
}
