using System.Diagnostics;

namespace Telephony.Sdk.Compatibility;

/// <summary><c>Environment.TickCount64</c> on .NET Framework, which the Polyfill package does not cover.</summary>
internal static class ClockPolyfills
{
    extension(Environment)
    {
        public static long TickCount64 => (long)(Stopwatch.GetTimestamp() * (1000.0 / Stopwatch.Frequency));
    }
}
