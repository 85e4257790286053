namespace Telephony.Sdk.Internal;

/// <summary>The smaller of two durations and the later of two moments, used where waits are weighed against budgets.</summary>
internal static class TimeMath
{
    public static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    public static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
