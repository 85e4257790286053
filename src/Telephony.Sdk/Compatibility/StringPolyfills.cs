// In the SDK's root namespace, not Compatibility, so that these are found before the Polyfill package's (imported by a
// global using): its Split(char, StringSplitOptions) hands TrimEntries to .NET Framework's Split, which refuses it.
namespace Telephony.Sdk;

/// <summary>The string methods of .NET Core that the SDK calls and the Polyfill package leaves out or gets wrong here.</summary>
internal static class StringPolyfills
{
    extension(StringSplitOptions)
    {
        /// <summary>The value of .NET 5's <c>TrimEntries</c>: .NET Framework's <c>Split</c> refuses it, so only the <c>Split</c> below reads it.</summary>
        public static StringSplitOptions TrimEntries => (StringSplitOptions)2;
    }

    extension(string text)
    {
        public string[] Split(char separator, StringSplitOptions options)
        {
            var trim = (options & StringSplitOptions.TrimEntries) != 0;
            var parts = text.Split(separator);
            var kept = new List<string>(parts.Length);
            foreach (var part in parts)
            {
                var value = trim ? part.Trim() : part;
                if (value.Length > 0 || (options & StringSplitOptions.RemoveEmptyEntries) == 0)
                {
                    kept.Add(value);
                }
            }

            return [.. kept];
        }
    }
}
