using System.Runtime.InteropServices;

namespace Telephony.Sdk.Compatibility;

/// <summary>
/// <c>OperatingSystem.IsWindows()</c> and the like, on .NET Framework. A browser, Android, iOS and Mac Catalyst have
/// their own target frameworks, so a .NET Framework assembly meets them only inside Unity, which the platform alone
/// cannot tell: a Unity game sets client mode itself (docs/platforms.md).
/// </summary>
internal static class PlatformChecks
{
    extension(OperatingSystem)
    {
        public static bool IsWindows() => RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        public static bool IsLinux() => RuntimeInformation.IsOSPlatform(OSPlatform.Linux);

        public static bool IsMacOS() => RuntimeInformation.IsOSPlatform(OSPlatform.OSX);

        public static bool IsBrowser() => false;

        public static bool IsAndroid() => false;

        public static bool IsIOS() => false;

        public static bool IsMacCatalyst() => false;
    }
}
