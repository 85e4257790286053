using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Telephony.Sdk.Authentication;

namespace Telephony.Sdk.RateLimiting;

/// <summary>
/// One <see cref="KeyRateLimit"/> per API key and server, shared by every client that uses both, and held only as long as
/// one of them does (weakly here, strongly by the pipelines that use it): a disposed client leaves nothing behind.
/// Registries are kept per clock, so code on a fake clock never shares state with code on the real one, and per
/// <see cref="TelephonyRateLimitOptions.LimiterFactory"/> owner, so a disposed owner's limiters never reach another's clients.
/// </summary>
internal sealed class KeyRateLimitRegistry
{
    private static readonly ConditionalWeakTable<object, KeyRateLimitRegistry> Registries = new();

    private readonly ConcurrentDictionary<Scope, WeakReference<KeyRateLimit>> _limits = new();
    private int _purgeAt = 64;

    public static KeyRateLimit GetOrCreate(TimeProvider clock, Uri? server, RequestKey key, TelephonyRateLimitOptions options)
    {
        var registry = Registries.GetValue(Owner(clock, options), static _ => new KeyRateLimitRegistry());
        return registry.GetOrCreate(new Scope(Authority(server), key.Raw), key.Key.Kind == TelephonyApiKeyKind.Publishable, clock, options);
    }

    public static KeyRateLimit? Find(TimeProvider clock, Uri? server, string apiKey, TelephonyRateLimitOptions options) =>
        Registries.TryGetValue(Owner(clock, options), out var registry) &&
        registry._limits.TryGetValue(new Scope(Authority(server), apiKey), out var weak) && weak.TryGetTarget(out var limit)
            ? limit
            : null;

    internal static string KeyId(string apiKey) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey))).ToLowerInvariant();

    private KeyRateLimit GetOrCreate(Scope scope, bool isPublishable, TimeProvider clock, TelephonyRateLimitOptions options)
    {
        lock (_limits)
        {
            if (_limits.TryGetValue(scope, out var weak) && weak.TryGetTarget(out var existing))
            {
                return existing;
            }

            var created = new KeyRateLimit(KeyId(scope.ApiKey), isPublishable, options, clock);
            _limits[scope] = new WeakReference<KeyRateLimit>(created);
            PurgeCollected();
            return created;
        }
    }

    // Entries whose state was collected are dropped whenever the table has doubled since the last sweep.
    private void PurgeCollected()
    {
        if (_limits.Count < _purgeAt)
        {
            return;
        }

        foreach (var (scope, weak) in _limits)
        {
            if (!weak.TryGetTarget(out _))
            {
                _limits.TryRemove(scope, out _);
            }
        }

        _purgeAt = Math.Max(64, _limits.Count * 2);
    }

    private static object Owner(TimeProvider clock, TelephonyRateLimitOptions options) =>
        options.LimiterFactory is { } factory ? factory.Target ?? factory : clock;

    private static string Authority(Uri? server) => server?.GetLeftPart(UriPartial.Authority) ?? string.Empty;

    // A struct without a ToString of its own: the key must never be printed.
    private readonly struct Scope(string server, string apiKey) : IEquatable<Scope>
    {
        public string ApiKey { get; } = apiKey;

        private string Server { get; } = server;

        public bool Equals(Scope other) =>
            string.Equals(Server, other.Server, StringComparison.Ordinal) && string.Equals(ApiKey, other.ApiKey, StringComparison.Ordinal);

        public override bool Equals(object? obj) => obj is Scope other && Equals(other);

        public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(Server), StringComparer.Ordinal.GetHashCode(ApiKey));
    }
}
