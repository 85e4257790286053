namespace Telephony.Sdk.Browser.Tests;

/// <summary>
/// The system's Chromium (Debian's <c>chromium</c> package), or the one <c>TELEPHONY_TEST_CHROMIUM</c> names. Without one
/// the browser tests are skipped and say what to install, unless <c>TELEPHONY_TEST_BROWSER_REQUIRED=1</c> (CI), where
/// they fail.
/// </summary>
internal static class Chromium
{
    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

    public static bool Required => Environment.GetEnvironmentVariable("TELEPHONY_TEST_BROWSER_REQUIRED") == "1";

    /// <summary>The browser's executable, or <see langword="null"/> when none is installed.</summary>
    public static string? Find() =>
        Environment.GetEnvironmentVariable("TELEPHONY_TEST_CHROMIUM") is { Length: > 0 } given
            ? (File.Exists(given) ? given : null)
            : Candidates.FirstOrDefault(File.Exists);

    public const string NotInstalled =
        "Chromium is not installed: install it (Debian: apt-get install chromium) or set TELEPHONY_TEST_CHROMIUM to a Chromium or Chrome executable";
}
