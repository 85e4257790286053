using System.Globalization;
using System.Text;
using Telephony.Sdk;
using Telephony.Sdk.Testing;

namespace Telephony.Cli.FakeServer;

/// <summary>
/// The fake server's command line: the port and the rate-limit settings of <see cref="TelephonyFakeServerOptions"/>.
/// Shared by <c>telephony fake-server</c> and the standalone sample (samples/Telephony.Samples.FakeServer links this file).
/// </summary>
internal sealed class FakeServerArguments
{
    public const string Syntax =
        "[--port <0-65535>] [--key KEY]... " +
        "[--rate-limit-algorithm fixed-window|sliding-window|token-bucket|leaky-bucket] " +
        "[--publishable-limit N] [--secret-limit N] [--key-limit KEY=N]... [--window SECONDS] [--burst N] " +
        "[--no-retry-after] [--rate-limit-headers none|x-ratelimit|ietf|policy-only] [--cors-origin ORIGIN|*]...";

    private const double MaxWindowSeconds = 86_400;

    private static readonly Dictionary<string, FakeRateLimitAlgorithm> Algorithms = new(StringComparer.Ordinal)
    {
        ["fixed-window"] = FakeRateLimitAlgorithm.FixedWindow,
        ["sliding-window"] = FakeRateLimitAlgorithm.SlidingWindow,
        ["token-bucket"] = FakeRateLimitAlgorithm.TokenBucket,
        ["leaky-bucket"] = FakeRateLimitAlgorithm.LeakyBucket,
    };

    private static readonly Dictionary<string, FakeRateLimitHeaders> HeaderDialects = new(StringComparer.Ordinal)
    {
        ["none"] = FakeRateLimitHeaders.None,
        ["x-ratelimit"] = FakeRateLimitHeaders.XRateLimit,
        ["ietf"] = FakeRateLimitHeaders.Ietf,
        ["policy-only"] = FakeRateLimitHeaders.PolicyOnly,
    };

    private FakeServerArguments()
    {
    }

    /// <summary>Gets the settings asked for, on top of the server's defaults.</summary>
    public TelephonyFakeServerOptions Settings { get; } = new();

    /// <summary>Parses the command line; on bad input returns <see langword="null"/> and says in <paramref name="error"/> what to fix.</summary>
    public static FakeServerArguments? Parse(IReadOnlyList<string> args, out string? error)
    {
        var parsed = new FakeServerArguments();
        error = null;
        for (var i = 0; i < args.Count && error is null; i++)
        {
            if (args[i] == "--no-retry-after")
            {
                parsed.Settings.RetryAfter = false;
            }
            else if (!IsOption(args[i]))
            {
                error = $"Unknown option '{args[i]}'.";
            }
            else if (i + 1 >= args.Count)
            {
                error = $"{args[i]} needs a value.";
            }
            else
            {
                error = parsed.Set(args[i], args[++i]);
            }
        }

        error ??= parsed.CheckKeyLimits();
        return error is null ? parsed : null;
    }

    /// <summary>Copies <see cref="Settings"/> into the options the server starts with.</summary>
    public void ApplyTo(TelephonyFakeServerOptions options)
    {
        options.Port = Settings.Port;
        options.RateLimitAlgorithm = Settings.RateLimitAlgorithm;
        options.PublishableKeyRateLimit = Settings.PublishableKeyRateLimit;
        options.SecretKeyRateLimit = Settings.SecretKeyRateLimit;
        options.RateLimitWindow = Settings.RateLimitWindow;
        options.RateLimitBurst = Settings.RateLimitBurst;
        options.RetryAfter = Settings.RetryAfter;
        options.RateLimitHeaders = Settings.RateLimitHeaders;
        foreach (var (key, balance) in Settings.Keys)
        {
            options.Keys[key] = balance;
        }

        foreach (var (key, limit) in Settings.KeyRateLimits)
        {
            options.KeyRateLimits[key] = limit;
        }

        foreach (var origin in Settings.CorsOrigins)
        {
            options.CorsOrigins.Add(origin);
        }
    }

    /// <summary>Describes the keys added with <c>--key</c>, redacted, for the startup banner; empty when none were.</summary>
    public IEnumerable<string> DescribeAddedKeys() =>
        Settings.Keys.Keys.Where(key => !FakeServerKeys.IsPrinted(key)).Select(key => $"  added:             {FakeServerKeys.Show(key)}");

    /// <summary>Describes the browser origins allowed to call the server, for the startup banner.</summary>
    public string DescribeCors() => Settings.CorsOrigins.Count == 0
        ? "CORS: off (browser apps cannot call this server; allow one with --cors-origin http://127.0.0.1:5000)"
        : $"CORS: allowed origins {string.Join(", ", Settings.CorsOrigins)}";

    /// <summary>Describes the rate-limit settings, for the startup banner.</summary>
    public string DescribeRateLimits()
    {
        var s = Settings;
        var bucket = s.RateLimitAlgorithm switch
        {
            FakeRateLimitAlgorithm.TokenBucket => $", capacity {s.RateLimitBurst?.ToString(CultureInfo.InvariantCulture) ?? "= the key's limit"}",
            FakeRateLimitAlgorithm.LeakyBucket => $", burst {s.RateLimitBurst?.ToString(CultureInfo.InvariantCulture) ?? "= a tenth of the key's limit (at least 1)"}",
            _ => string.Empty,
        };
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Rate limits: {NameOf(Algorithms, s.RateLimitAlgorithm)}, ")
            .Append(CultureInfo.InvariantCulture, $"requests per {s.RateLimitWindow.TotalSeconds} s{bucket}").AppendLine()
            .Append(CultureInfo.InvariantCulture, $"  publishable keys: {s.PublishableKeyRateLimit}, secret keys: {s.SecretKeyRateLimit}").AppendLine();
        foreach (var (key, limit) in s.KeyRateLimits)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {FakeServerKeys.Show(key)}: {limit}").AppendLine();
        }

        return text
            .Append(CultureInfo.InvariantCulture, $"  Retry-After on 429: {(s.RetryAfter ? "yes" : "no")}, ")
            .Append(CultureInfo.InvariantCulture, $"rate-limit headers: {NameOf(HeaderDialects, s.RateLimitHeaders)}")
            .ToString();
    }

    private static bool IsOption(string flag) => flag is
        "--port" or "-p" or "--key" or "--rate-limit-algorithm" or "--publishable-limit" or "--secret-limit" or "--key-limit" or
        "--window" or "--burst" or "--rate-limit-headers" or "--cors-origin";

    // Returns what to fix, or null when the value was taken.
    private string? Set(string flag, string value)
    {
        switch (flag)
        {
            case "--port" or "-p":
                if (!TryParseCount(value, out var port) || port > 65535)
                {
                    return "--port needs a number from 0 to 65535 (0: a free port).";
                }

                Settings.Port = port;
                return null;
            case "--rate-limit-algorithm":
                if (!Algorithms.TryGetValue(value, out var algorithm))
                {
                    return $"--rate-limit-algorithm needs one of {string.Join(", ", Algorithms.Keys)}.";
                }

                Settings.RateLimitAlgorithm = algorithm;
                return null;
            case "--publishable-limit":
                if (!TryParsePositive(value, out var publishable))
                {
                    return "--publishable-limit needs a whole number of requests, at least 1.";
                }

                Settings.PublishableKeyRateLimit = publishable;
                return null;
            case "--secret-limit":
                if (!TryParsePositive(value, out var secret))
                {
                    return "--secret-limit needs a whole number of requests, at least 1.";
                }

                Settings.SecretKeyRateLimit = secret;
                return null;
            case "--key":
                return AddKey(value);
            case "--key-limit":
                return SetKeyLimit(value);
            case "--window":
                if (!double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) ||
                    seconds < 0.001 || seconds > MaxWindowSeconds)
                {
                    return $"--window needs a number of seconds from 0.001 to {MaxWindowSeconds}, e.g. --window 60.";
                }

                Settings.RateLimitWindow = TimeSpan.FromSeconds(seconds);
                return null;
            case "--burst":
                if (!TryParsePositive(value, out var burst))
                {
                    return "--burst needs a whole number of requests, at least 1.";
                }

                Settings.RateLimitBurst = burst;
                return null;
            case "--rate-limit-headers":
                if (!HeaderDialects.TryGetValue(value, out var dialect))
                {
                    return $"--rate-limit-headers needs one of {string.Join(", ", HeaderDialects.Keys)}.";
                }

                Settings.RateLimitHeaders = dialect;
                return null;
            case "--cors-origin":
                return SetCorsOrigin(value);
            default:
                return $"Unknown option '{flag}'.";
        }
    }

    private string? SetKeyLimit(string value)
    {
        var separator = value.LastIndexOf('=');
        if (separator <= 0 || !TryParsePositive(value[(separator + 1)..], out var limit))
        {
            return $"--key-limit needs KEY=N, N at least 1, e.g. --key-limit {TelephonyFakeServer.SecretTestKey}=5.";
        }

        // Checked once every --key has been read (CheckKeyLimits), whichever comes first on the command line.
        Settings.KeyRateLimits[value[..separator]] = limit;
        return null;
    }

    private string? AddKey(string value)
    {
        if (!TelephonyApiKey.TryParse(value, out var key) || key.Kind == TelephonyApiKeyKind.Unknown || key.Environment == TelephonyApiKeyEnvironment.Unknown)
        {
            return "--key needs a key such as pk_test_mobile0001 or sk_test_backend0001: pk_ or sk_, then test_ or live_, then letters and digits.";
        }

        if (key.Environment == TelephonyApiKeyEnvironment.Live)
        {
            return "--key takes test keys (pk_test_…, sk_test_…): a live key typed on a command line stays in the shell's history. " +
                   $"For live-mode code, use the printed {TelephonyFakeServer.SecretLiveKey} or {TelephonyFakeServer.PublishableLiveKey}.";
        }

        Settings.Keys[value] = TelephonyFakeServer.DefaultBalance;
        return null;
    }

    // A limit for a key the server does not accept could never apply.
    private string? CheckKeyLimits()
    {
        var unknown = Settings.KeyRateLimits.Keys.FirstOrDefault(key => !Settings.Keys.ContainsKey(key));
        return unknown is null ? null
            : $"--key-limit names a key the server does not accept ({FakeServerKeys.Show(unknown)}); use one of " +
              $"{string.Join(", ", Settings.Keys.Keys.Select(FakeServerKeys.Show))}, or add it with --key.";
    }

    private string? SetCorsOrigin(string value)
    {
        // Checked here too, so that a typo is reported with the usage instead of as a failed start.
        var isOrigin = value == "*" || (Uri.TryCreate(value, UriKind.Absolute, out var uri) &&
            (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.PathAndQuery == "/" && uri.Fragment.Length == 0);
        if (!isOrigin)
        {
            return "--cors-origin needs an origin such as http://127.0.0.1:5000 (scheme, host and port, no path), or * for any origin.";
        }

        Settings.CorsOrigins.Add(value);
        return null;
    }

    private static bool TryParseCount(string value, out int count) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out count);

    private static bool TryParsePositive(string value, out int count) => TryParseCount(value, out count) && count > 0;

    private static string NameOf<T>(Dictionary<string, T> names, T value)
        where T : struct, Enum => names.First(pair => EqualityComparer<T>.Default.Equals(pair.Value, value)).Key;
}
