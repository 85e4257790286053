using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Telephony.Sdk.Configuration;

/// <summary>
/// Picks the valid setting a misspelled key most likely meant: the smallest edit distance (insertions, deletions,
/// substitutions and swaps of two neighbours, ignoring case), with a penalty for a setting whose type could not take
/// the value given, so <c>MaxRetries: 5</c> leads to <c>MaxRetryAttempts</c>, not to the TimeSpan <c>MaxRetryDelay</c>.
/// </summary>
internal static class NearestSetting
{
    private const int TypeMismatchPenalty = 3;

    public static KnownSetting? Find(IConfigurationSection unknown, KnownSettingSection candidates) =>
        candidates.Settings
            .OrderBy(candidate => Distance(unknown.Key.ToUpperInvariant(), candidate.Name.ToUpperInvariant()) + (Fits(unknown, candidate) ? 0 : TypeMismatchPenalty))
            .FirstOrDefault();

    private static bool Fits(IConfigurationSection value, KnownSetting setting)
    {
        var isSection = value.Value is null && value.GetChildren().Any();
        if (setting.Section is not null || isSection)
        {
            return setting.Section is not null && isSection;
        }

        var text = value.Value ?? string.Empty;
        var type = Nullable.GetUnderlyingType(setting.Type) ?? setting.Type;
        return type == typeof(int) ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
            : type == typeof(bool) ? bool.TryParse(text, out _)
            : type == typeof(TimeSpan) ? text.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out _)
            : type == typeof(Uri) ? Uri.TryCreate(text, UriKind.Absolute, out _)
            : !type.IsEnum || Enum.GetNames(type).Contains(text.Trim(), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The optimal string alignment distance between <paramref name="a"/> and <paramref name="b"/>.</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
