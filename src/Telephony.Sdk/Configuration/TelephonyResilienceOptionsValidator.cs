namespace Telephony.Sdk.Configuration;

/// <summary>Range and cross-field checks of <see cref="TelephonyResilienceOptions"/> and <see cref="TelephonyRateLimitOptions"/>.</summary>
internal static class TelephonyResilienceOptionsValidator
{
    public static void Validate(TelephonyClientOptions options, List<string> failures)
    {
        Range(failures, nameof(TelephonyClientOptions.MaxResponseBytes), options.MaxResponseBytes, 1024L, 1024L * 1024 * 1024);
        if (options.Resilience is not { } resilience)
        {
            failures.Add("TelephonyClientOptions.Resilience is null. Leave it at its default or set a TelephonyResilienceOptions.");
        }
        else
        {
            Range(failures, "Resilience.MaxRetryAttempts", resilience.MaxRetryAttempts, 0, 10);
            Range(failures, "Resilience.BaseDelay", resilience.BaseDelay, TimeSpan.Zero, TimeSpan.FromMinutes(1));
            Range(failures, "Resilience.MaxRetryDelay", resilience.MaxRetryDelay, TimeSpan.Zero, TimeSpan.FromHours(1));
            Range(failures, "Resilience.AttemptTimeout", resilience.AttemptTimeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1));
            Range(failures, "Resilience.TotalTimeout", resilience.TotalTimeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromDays(1));
            if (resilience.TotalTimeout < resilience.AttemptTimeout)
            {
                failures.Add(
                    $"TelephonyClientOptions.Resilience.TotalTimeout ({resilience.TotalTimeout}) is shorter than AttemptTimeout " +
                    $"({resilience.AttemptTimeout}): a single attempt could never use its time. Raise TotalTimeout or lower AttemptTimeout.");
            }
        }

        if (options.RateLimit is not { } rateLimit)
        {
            failures.Add("TelephonyClientOptions.RateLimit is null. Leave it at its default or set a TelephonyRateLimitOptions.");
            return;
        }

        if (rateLimit.PermitsPerMinute is { } permits)
        {
            Range(failures, "RateLimit.PermitsPerMinute", permits, 1, 1_000_000);
        }

        Range(failures, "RateLimit.QueueLimit", rateLimit.QueueLimit, 0, 100_000);
    }

    private static void Range<T>(List<string> failures, string name, T value, T min, T max)
        where T : IComparable<T>
    {
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
        {
            failures.Add($"TelephonyClientOptions.{name} is {value}; it must be between {min} and {max}.");
        }
    }
}
