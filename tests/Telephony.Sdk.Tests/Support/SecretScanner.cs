using System.Collections;
using System.Reflection;
using Microsoft.Extensions.Logging.Testing;

namespace Telephony.Sdk.Tests.Support;

/// <summary>
/// Looks for secrets everywhere a caller or an operator could see them: an exception's message, <c>ToString()</c>,
/// <c>Data</c> and public property values (recursing into inner exceptions and into objects such as a request
/// message a property may hold), and every part of a log record.
/// </summary>
internal static class SecretScanner
{
    private const int MaxDepth = 4;
    private const int MaxItems = 64;

    public static IReadOnlyList<string> FindInException(Exception exception, params string[] secrets)
    {
        var findings = new List<string>();
        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        ScanException(exception, exception.GetType().Name, 0, secrets, findings, visited);
        return findings;
    }

    /// <summary>Fails with every place a secret was found, one per line.</summary>
    public static void AssertNone(IReadOnlyList<string> findings) =>
        Assert.True(findings.Count == 0, $"A secret was found in {findings.Count} place(s):{Environment.NewLine}{string.Join(Environment.NewLine, findings)}");

    public static IReadOnlyList<string> FindInLogs(IEnumerable<FakeLogRecord> records, params string[] secrets)
    {
        var findings = new List<string>();
        foreach (var record in records)
        {
            var where = $"log [{record.Level}] {record.Category}";
            Check(record.Message, where + " message", secrets, findings);
            Check(record.ToString(), where + " ToString()", secrets, findings);
            ScanValue(record.State, where + " state", 0, secrets, findings, new(ReferenceEqualityComparer.Instance));
            foreach (var scope in record.Scopes)
            {
                ScanValue(scope, where + " scope", 0, secrets, findings, new(ReferenceEqualityComparer.Instance));
            }

            if (record.Exception is not null)
            {
                findings.AddRange(FindInException(record.Exception, secrets).Select(f => where + " exception: " + f));
            }
        }

        return findings;
    }

    private static void ScanException(Exception exception, string path, int depth, string[] secrets, List<string> findings, HashSet<object> visited)
    {
        if (!visited.Add(exception))
        {
            return;
        }

        Check(exception.Message, path + ".Message", secrets, findings);
        Check(exception.ToString(), path + ".ToString()", secrets, findings);
        foreach (DictionaryEntry entry in exception.Data)
        {
            Check(entry.Key.ToString(), path + ".Data key", secrets, findings);
            Check(entry.Value?.ToString(), path + $".Data[{entry.Key}]", secrets, findings);
        }

        ScanProperties(exception, path, depth, secrets, findings, visited);
    }

    private static void ScanValue(object? value, string path, int depth, string[] secrets, List<string> findings, HashSet<object> visited)
    {
        switch (value)
        {
            case null:
                return;
            case string text:
                Check(text, path, secrets, findings);
                return;
            case Exception exception:
                // Inner exceptions are followed to any depth: that is where a wrapped library exception hides.
                ScanException(exception, path, depth, secrets, findings, visited);
                return;
        }

        var type = value.GetType();
        if (type.IsPrimitive || type.IsEnum || IsOpaque(value) || (!type.IsValueType && !visited.Add(value)))
        {
            return;
        }

        Check(value.ToString(), path + ".ToString()", secrets, findings);
        if (depth >= MaxDepth)
        {
            return;
        }

        if (value is IEnumerable items)
        {
            var index = 0;
            foreach (var item in items)
            {
                if (index >= MaxItems)
                {
                    break;
                }

                ScanValue(item, $"{path}[{index++}]", depth + 1, secrets, findings, visited);
            }
        }

        ScanProperties(value, path, depth, secrets, findings, visited);
    }

    private static void ScanProperties(object value, string path, int depth, string[] secrets, List<string> findings, HashSet<object> visited)
    {
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.GetMethod is null)
            {
                continue;
            }

            object? propertyValue;
            try
            {
                propertyValue = property.GetValue(value);
            }
            catch (TargetInvocationException)
            {
                continue; // e.g. a stream's Position: not something a caller can read either.
            }

            ScanValue(propertyValue, path + "." + property.Name, depth + 1, secrets, findings, visited);
        }
    }

    private static bool IsOpaque(object value) =>
        value is Type or MemberInfo or Assembly or Module or Delegate or Stream or WaitHandle or
            decimal or DateTime or DateTimeOffset or TimeSpan or Guid or IntPtr or CancellationToken;

    private static void Check(string? text, string where, string[] secrets, List<string> findings)
    {
        if (text is null)
        {
            return;
        }

        foreach (var secret in secrets)
        {
            if (text.Contains(secret, StringComparison.Ordinal))
            {
                // Say where, and show the text with the secret masked so the report itself does not repeat it.
                findings.Add($"{where}: {text.Replace(secret, "<SECRET>")}");
            }
        }
    }
}
