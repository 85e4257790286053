namespace Telephony.Sdk.Compatibility;

/// <summary>The multiplication and division of a <see cref="TimeSpan"/> that .NET Core 2.0 added, on .NET Framework.</summary>
internal static class TimeSpanArithmetic
{
    extension(TimeSpan)
    {
        public static TimeSpan operator *(TimeSpan timeSpan, double factor) => TimeSpan.FromTicks(checked((long)Math.Round(timeSpan.Ticks * factor)));

        public static TimeSpan operator *(double factor, TimeSpan timeSpan) => timeSpan * factor;

        public static TimeSpan operator /(TimeSpan timeSpan, double divisor) => TimeSpan.FromTicks(checked((long)Math.Round(timeSpan.Ticks / divisor)));
    }
}
