namespace Telephony.Sdk.Resilience;

/// <summary>Finds the <see cref="KeyThrottle"/> of the key a request carries (the key set by the authentication handler).</summary>
internal sealed class ThrottleResolver(KeyThrottleRegistry registry, TelephonyRateLimitOptions options)
{
    // The key rarely changes (only on rotation), so the last lookup is kept to skip hashing on the hot path.
    private Resolved? _last;

    public KeyThrottle? Resolve(HttpRequestMessage? request)
    {
        var key = request?.Headers.Authorization?.Parameter;
        if (string.IsNullOrEmpty(key))
        {
            return null;
        }

        if (Volatile.Read(ref _last) is { } cached && ReferenceEquals(cached.Key, key))
        {
            return cached.Throttle;
        }

        var throttle = registry.Get(key, options);
        Volatile.Write(ref _last, new Resolved(key, throttle));
        return throttle;
    }

    // A reference, so concurrent requests never see a key paired with another key's throttle. A class, not a record:
    // a record's generated ToString() would print the key.
    private sealed class Resolved(string key, KeyThrottle throttle)
    {
        public string Key { get; } = key;

        public KeyThrottle Throttle { get; } = throttle;
    }
}
