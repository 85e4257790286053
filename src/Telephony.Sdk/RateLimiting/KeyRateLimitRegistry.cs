using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Telephony.Sdk.Authentication;

namespace Telephony.Sdk.RateLimiting;

/// <summary>
/// One <see cref="KeyRateLimit"/> per API key and server, shared by every client of one service provider (an app's
/// container; a <c>new TelephonyClient</c> has its own) that uses both, and per
/// <see cref="TelephonyRateLimitOptions.LimiterFactory"/> owner, so one owner's limiters never reach another's clients.
/// Two hosts in one process (two test servers, say) never share a pause. A key idle for longer than its window, with no
/// call in flight and no pause to keep, is released when a key with no state is next met, so a client that serves many customers' keys
/// holds only the state of the keys in use; a key used again starts from its documented or configured limit.
/// </summary>
internal sealed class KeyRateLimitRegistry
{
    // How long a key must be idle before its state is released: the SDK's sliding window (60 s) plus its one-second margin.
    private static readonly TimeSpan IdleAfter = TimeSpan.FromSeconds(61);

    private readonly ConcurrentDictionary<Scope, KeyRateLimit> _limits = new();
    private readonly object _sweeping = new();
    private int _sweepAtCount = 1024;
    private DateTimeOffset _sweepAt = DateTimeOffset.MinValue;

    /// <summary>Gets the number of keys whose state is held.</summary>
    public int Count => _limits.Count;

    /// <summary>Gets the state of every key held.</summary>
    public IEnumerable<KeyRateLimit> All => _limits.Values;

    public KeyRateLimit GetOrCreate(TimeProvider clock, string server, RequestKey key, TelephonyRateLimitOptions options)
    {
        var scope = new Scope(Owner(options), server, key.Raw);
        if (_limits.TryGetValue(scope, out var existing))
        {
            return existing;
        }

        var created = _limits.GetOrAdd(
            scope, static (scope, state) => new KeyRateLimit(KeyId(scope.ApiKey), state.Key.Kind == TelephonyApiKeyKind.Publishable, state.Options, state.Clock)
            {
                Key = (state.Key.Kind, state.Key.Environment),
            },
            (key.Key, Options: options, Clock: clock));
        ReleaseIdle(clock.GetUtcNow());
        return created;
    }

    public KeyRateLimit? Find(Uri? server, string apiKey, TelephonyRateLimitOptions options) =>
        _limits.TryGetValue(new Scope(Owner(options), Authority(server), apiKey), out var limit) ? limit : null;

    /// <summary>The part of the base address that tells servers apart: scheme, host and port.</summary>
    public static string Authority(Uri? server) => server?.GetLeftPart(UriPartial.Authority) ?? string.Empty;

    internal static string KeyId(string apiKey) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey))).ToLowerInvariant();

    // A sweep at most once a window, or sooner when the table has doubled; a lookup that finds its key never sweeps.
    private void ReleaseIdle(DateTimeOffset now)
    {
        if ((now < _sweepAt && _limits.Count < _sweepAtCount) || !Monitor.TryEnter(_sweeping))
        {
            return;
        }

        try
        {
            foreach (var (scope, limit) in _limits)
            {
                if (limit.TryRetire(now, IdleAfter))
                {
                    // Removed only while it still holds this state (ConcurrentDictionary compares the value too).
                    ((ICollection<KeyValuePair<Scope, KeyRateLimit>>)_limits).Remove(new(scope, limit));
                }
            }

            (_sweepAt, _sweepAtCount) = (now + IdleAfter, Math.Max(1024, _limits.Count * 2));
        }
        finally
        {
            Monitor.Exit(_sweeping);
        }
    }

    private static object Owner(TelephonyRateLimitOptions options) =>
        options.LimiterFactory is { } factory ? factory.Target ?? factory : string.Empty;

    // A struct without a ToString of its own: the key must never be printed.
    private readonly struct Scope(object owner, string server, string apiKey) : IEquatable<Scope>
    {
        public string ApiKey { get; } = apiKey;

        private object Owner { get; } = owner;

        private string Server { get; } = server;

        public bool Equals(Scope other) =>
            ReferenceEquals(Owner, other.Owner) && string.Equals(Server, other.Server, StringComparison.Ordinal) &&
            string.Equals(ApiKey, other.ApiKey, StringComparison.Ordinal);

        public override bool Equals(object? obj) => obj is Scope other && Equals(other);

        public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(Server), StringComparer.Ordinal.GetHashCode(ApiKey));
    }
}
