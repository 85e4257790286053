using System.Security.Cryptography;
using System.Text;

namespace Telephony.Sdk.Compatibility;

/// <summary>Collection, span, enum and hashing helpers of .NET Core that the SDK calls, on .NET Framework.</summary>
internal static class CollectionPolyfills
{
    extension<TKey, TValue>(KeyValuePair<TKey, TValue> pair)
    {
        public void Deconstruct(out TKey key, out TValue value) => (key, value) = (pair.Key, pair.Value);
    }

    extension<TKey, TValue>(IReadOnlyDictionary<TKey, TValue> dictionary)
    {
        public TValue? GetValueOrDefault(TKey key) => dictionary.TryGetValue(key, out var value) ? value : default;
    }

    extension<T>(IEnumerable<T> source)
    {
        public HashSet<T> ToHashSet(IEqualityComparer<T>? comparer) => new(source, comparer);
    }

    extension<T>(List<T> list)
    {
        public void AddRange(ReadOnlySpan<T> items)
        {
            foreach (var item in items)
            {
                list.Add(item);
            }
        }
    }

    extension(Encoding encoding)
    {
        public string GetString(ReadOnlySpan<byte> bytes) => encoding.GetString(bytes.ToArray());
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

    extension(SHA256)
    {
        public static byte[] HashData(byte[] source)
        {
            using var sha = SHA256.Create();
            return sha.ComputeHash(source);
        }
    }

    extension(Convert)
    {
        public static string ToHexString(byte[] bytes) => BitConverter.ToString(bytes).Replace("-", string.Empty);
    }
}
