namespace Telephony.Sdk.Configuration;

/// <summary>The ranges of every setting (declared as attributes on the options) and the one rule across settings.</summary>
internal static class TelephonyResilienceOptionsValidator
{
    private static readonly TelephonyOptionsRanges Ranges = new();

    public static void Validate(string? name, TelephonyClientOptions options, List<string> failures)
    {
        if (Ranges.Validate(name, options) is { Failed: true, Failures: { } failed })
        {
            failures.AddRange(failed);
        }

        if (options.Resilience is { } resilience && resilience.TotalTimeout < resilience.AttemptTimeout)
        {
            failures.Add(
                $"TelephonyClientOptions.Resilience.TotalTimeout ({resilience.TotalTimeout}) is shorter than AttemptTimeout " +
                $"({resilience.AttemptTimeout}): a single attempt could never use its time. Raise TotalTimeout or lower AttemptTimeout.");
        }
    }
}
