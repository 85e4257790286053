using System.Collections;
using System.Reflection;

namespace Telephony.Sdk.Tests.Errors.Mapping;

/// <summary>
/// Checks that an exception, its inner exceptions and everything reachable from their public properties and
/// <see cref="Exception.Data"/> never show the API key, whole or as a 12-character piece of its secret part.
/// </summary>
internal static class SecretAssert
{
    private const int FragmentLength = 12;
    private const int MaxDepth = 5;

    public static void DoesNotLeak(Exception exception, string apiKey)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var needles = Needles(apiKey);
        var leaks = new List<string>();
        Visit(exception, exception.GetType().Name, needles, leaks, new HashSet<object>(ReferenceEqualityComparer.Instance), 0);
        Assert.True(leaks.Count == 0, "The API key leaked: " + string.Join(" | ", leaks));
    }

    /// <summary>The whole key and the first and last pieces of what follows its public <c>sk_test_</c> prefix.</summary>
    private static string[] Needles(string apiKey)
    {
        var secretPart = apiKey[(apiKey.IndexOf('_', 3) + 1)..];
        Assert.True(secretPart.Length >= 2 * FragmentLength, "Use a key with a long random part.");
        return [apiKey, secretPart[..FragmentLength], secretPart[^FragmentLength..]];
    }

    private static void Visit(object? value, string where, string[] needles, List<string> leaks, HashSet<object> seen, int depth)
    {
        if (value is null || depth > MaxDepth || (!value.GetType().IsValueType && !seen.Add(value)))
        {
            return;
        }

        Check(where, value as string ?? value.ToString(), needles, leaks);
        if (value is string || value.GetType().IsValueType || value is Type or MemberInfo or Delegate or Stream)
        {
            return;
        }

        if (value is Exception exception)
        {
            Check(where + ".Message", exception.Message, needles, leaks);
            foreach (DictionaryEntry entry in exception.Data)
            {
                Visit(entry.Key, where + ".Data.Key", needles, leaks, seen, depth + 1);
                Visit(entry.Value, $"{where}.Data[{entry.Key}]", needles, leaks, seen, depth + 1);
            }
        }
        else if (value is IEnumerable items)
        {
            var index = 0;
            foreach (var item in items)
            {
                Visit(item, $"{where}[{index++}]", needles, leaks, seen, depth + 1);
            }
        }

        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            object? child;
            try
            {
                child = property.GetValue(value);
            }
            catch (TargetInvocationException)
            {
                continue;
            }

            Visit(child, where + "." + property.Name, needles, leaks, seen, depth + 1);
        }
    }

    private static void Check(string where, string? text, string[] needles, List<string> leaks)
    {
        foreach (var needle in needles)
        {
            if (text is not null && text.Contains(needle, StringComparison.Ordinal))
            {
                leaks.Add($"{where} contains \"{needle}\": {text}");
            }
        }
    }
}
