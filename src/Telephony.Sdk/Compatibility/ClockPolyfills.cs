using System.Diagnostics;

namespace Telephony.Sdk.Compatibility;

/// <summary><c>Environment.TickCount64</c>, <c>Stopwatch.GetElapsedTime</c> and <c>Random.Shared</c>, on .NET Framework.</summary>
internal static class ClockPolyfills
{
    [ThreadStatic]
    private static Random? t_random;

    extension(Environment)
    {
        /// <summary>Milliseconds on a monotonic clock, as <c>Environment.TickCount64</c> (which never wraps) is.</summary>
        public static long TickCount64 => (long)(Stopwatch.GetTimestamp() * (1000.0 / Stopwatch.Frequency));
    }

    extension(Stopwatch)
    {
        public static TimeSpan GetElapsedTime(long startingTimestamp) => Stopwatch.GetElapsedTime(startingTimestamp, Stopwatch.GetTimestamp());

        public static TimeSpan GetElapsedTime(long startingTimestamp, long endingTimestamp) =>
            TimeSpan.FromTicks((long)((endingTimestamp - startingTimestamp) * ((double)TimeSpan.TicksPerSecond / Stopwatch.Frequency)));
    }

    extension(Random)
    {
        /// <summary>A <see cref="Random"/> for the calling thread (a shared one is not thread-safe on .NET Framework).</summary>
        public static Random Shared => t_random ??= new Random(Guid.NewGuid().GetHashCode());
    }
}
