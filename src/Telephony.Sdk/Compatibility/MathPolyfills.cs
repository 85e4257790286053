namespace Telephony.Sdk.Compatibility;

/// <summary><c>Math.Cbrt</c> on .NET Framework, which the Polyfill package does not cover.</summary>
internal static class MathPolyfills
{
    extension(Math)
    {
        public static double Cbrt(double value) => value < 0 ? -Math.Pow(-value, 1.0 / 3) : Math.Pow(value, 1.0 / 3);
    }
}
