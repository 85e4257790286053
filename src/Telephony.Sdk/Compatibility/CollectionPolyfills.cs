using System.Collections.Concurrent;

namespace Telephony.Sdk.Compatibility;

/// <summary>The collection and enum methods the SDK calls that neither .NET Framework nor the Polyfill package has.</summary>
internal static class CollectionPolyfills
{
    extension(Array)
    {
        public static void Clear(Array array) => Array.Clear(array, 0, array.Length);
    }

    extension<TKey, TValue>(ConcurrentDictionary<TKey, TValue> dictionary)
        where TKey : notnull
    {
        /// <summary>Removes the entry only while it still holds <paramref name="item"/>'s value, as .NET 5's overload does.</summary>
        public bool TryRemove(KeyValuePair<TKey, TValue> item) =>
            ((ICollection<KeyValuePair<TKey, TValue>>)dictionary).Remove(item);
    }

    extension(Enum)
    {
        public static bool TryParse(Type enumType, string? value, bool ignoreCase, out object? result)
        {
            result = null;
            if (string.IsNullOrWhiteSpace(value))
            {
                return false;
            }

            try
            {
                result = Enum.Parse(enumType, value, ignoreCase);
                return true;
            }
            catch (ArgumentException)
            {
                return false;
            }
            catch (OverflowException)
            {
                return false;
            }
        }
    }
}
