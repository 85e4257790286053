namespace Telephony.Sdk.Compatibility;

/// <summary><c>Math.Cbrt</c> and <c>Math.Clamp</c>, on .NET Framework.</summary>
internal static class MathPolyfills
{
    extension(Math)
    {
        public static double Cbrt(double value) => value < 0 ? -Math.Pow(-value, 1.0 / 3) : Math.Pow(value, 1.0 / 3);

        public static long Clamp(long value, long min, long max) => value < min ? min : value > max ? max : value;
    }
}
