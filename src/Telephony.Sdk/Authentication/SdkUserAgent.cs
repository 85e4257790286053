using System.Reflection;
using System.Runtime.InteropServices;

namespace Telephony.Sdk.Authentication;

/// <summary>The <c>User-Agent</c> the SDK sends, e.g. <c>Telephony.Sdk/0.1.0 (.NET 10.0.12; Linux)</c>.</summary>
internal static class SdkUserAgent
{
    // Declared before Value: static initializers run in textual order, and Build() reads Version.
    internal static string Version { get; } = ReadVersion();

    public static string Value { get; } =
        $"Telephony.Sdk/{Version} (.NET {Environment.Version}; " +
        $"{(OperatingSystem.IsWindows() ? "Windows" : OperatingSystem.IsMacOS() ? "macOS" : OperatingSystem.IsLinux() ? "Linux" : RuntimeInformation.OSDescription)})";

    private static string ReadVersion()
    {
        var informational = typeof(SdkUserAgent).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;

        // Drop the "+commit" build metadata: it is noise in a header.
        return informational?.Split('+')[0] ?? "0.0.0";
    }
}
