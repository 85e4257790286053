using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Telephony.Sdk.Authentication;

namespace Telephony.Sdk.Resilience;

/// <summary>
/// One <see cref="KeyThrottle"/> per API key for the whole process, so every client using a key shares its limit.
/// Registries are kept per clock, so code on a fake clock never shares state with code on the real one. Limiters from a
/// <see cref="TelephonyRateLimitOptions.LimiterFactory"/> are kept per factory owner (the factory's target, such as a
/// shared store's registration), so a disposed owner's limiters are never handed to a client of another one.
/// </summary>
internal sealed class KeyThrottleRegistry
{
    private static readonly ConditionalWeakTable<TimeProvider, KeyThrottleRegistry> Registries = new();

    private readonly ConcurrentDictionary<string, Lazy<KeyThrottle>> _throttles = new(StringComparer.Ordinal);
    private readonly ConditionalWeakTable<object, ConcurrentDictionary<string, Lazy<KeyThrottle>>> _factoryThrottles = new();
    private readonly TimeProvider _timeProvider;

    private KeyThrottleRegistry(TimeProvider timeProvider) => _timeProvider = timeProvider;

    public static KeyThrottleRegistry For(TimeProvider timeProvider) =>
        Registries.GetValue(timeProvider, static provider => new KeyThrottleRegistry(provider));

    /// <summary>Gets the throttle of a key; the first caller's settings create it.</summary>
    public KeyThrottle Get(string apiKey, TelephonyRateLimitOptions options)
    {
        var throttles = options.LimiterFactory is { } factory
            ? _factoryThrottles.GetValue(factory.Target ?? factory, static _ => new(StringComparer.Ordinal))
            : _throttles;
        var keyId = KeyId(apiKey);
        return throttles.GetOrAdd(
            keyId,
            id => new Lazy<KeyThrottle>(() => Create(id, ApiKeyShape.Classify(apiKey).Kind == TelephonyApiKeyKind.Publishable, options))).Value;
    }

    internal static string KeyId(string apiKey) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey))).ToLowerInvariant();

    private KeyThrottle Create(string keyId, bool isPublishable, TelephonyRateLimitOptions options)
    {
        var permits = options.PermitsPerMinute ?? (isPublishable ? 100 : 1000);
        var partition = new TelephonyRateLimitPartition(keyId, isPublishable, permits, options.QueueLimit);
        var limiter = options.LimiterFactory?.Invoke(partition)
            ?? TelephonyRateLimiters.CreateSlidingWindow(partition, _timeProvider);
        return new KeyThrottle(partition, limiter, _timeProvider);
    }
}
