namespace Telephony.Cli.Tests.Support;

/// <summary>Keys made at run time, so that this repository's own scan never finds them in the test sources.</summary>
internal static class TestKeys
{
    public static string Secret(string environment = "live") => $"sk_{environment}_{Guid.NewGuid():N}";

    public static string Publishable(string environment = "live") => $"pk_{environment}_{Guid.NewGuid():N}";

    /// <summary>The part of a key that must never be printed: everything after its prefix but the last four characters.</summary>
    public static string Hidden(string key) => key[8..^4];
}
