using System.Diagnostics;
using System.Diagnostics.Metrics;
using Telephony.Sdk.Authentication;
using Telephony.Sdk.RateLimiting;

namespace Telephony.Sdk.Diagnostics;

/// <summary>
/// The SDK's meter and activity source, both named <c>Telephony.Sdk</c>. Tags carry the key's kind and environment,
/// never the key.
/// </summary>
internal sealed class TelephonyTelemetry : IDisposable
{
    public const string Name = "Telephony.Sdk";

    private static readonly ActivitySource Source = new(Name, SdkUserAgent.Version);

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _rateLimited;
    private readonly Histogram<double> _rateLimitWait;

    // The keys whose rate-limit state this app's clients hold: a key's gauges end when its state is released.
    private readonly KeyRateLimitRegistry _keys;

    public TelephonyTelemetry(IMeterFactory? meterFactory, KeyRateLimitRegistry keys)
    {
        _keys = keys;
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(new MeterOptions(Name) { Version = SdkUserAgent.Version }) ?? new Meter(Name, SdkUserAgent.Version);
        _duration = _meter.CreateHistogram<double>("telephony.client.request.duration", "s", "Duration of SDK calls, retries and waits included.");
        _requests = _meter.CreateCounter<long>("telephony.client.requests", "{request}", "SDK calls, by final status.");
        _rateLimited = _meter.CreateCounter<long>("telephony.client.rate_limited", "{response}", "429 responses received from the API.");
        _rateLimitWait = _meter.CreateHistogram<double>("telephony.client.rate_limit.wait", "s", "Time spent waiting for a client-side rate-limit permit.");
        _meter.CreateObservableGauge(
            "telephony.client.rate_limit.pace", () => Measure(static s => s.RequestsPerSecond), "{request}/s", "The pace learnt from 429s, per key; absent while a key is not paced.");
        _meter.CreateObservableGauge(
            "telephony.client.rate_limit.remaining", () => Measure(static s => s.ResetsAt is null ? null : s.Remaining), "{request}", "Requests the server said remain before its quota resets, per key.");
    }

    /// <summary>Gets a value indicating whether anything listens to the SDK's activity source.</summary>
    public static bool HasActivityListeners => Source.HasListeners();

    /// <summary>Gets a value indicating whether a meter listener records the per-call instruments.</summary>
    public bool RecordsCalls => _requests.Enabled || _duration.Enabled;

    /// <summary>Gets a value indicating whether permit waits are measured (a listener reads the histogram).</summary>
    public bool RecordsPermitWaits => _rateLimitWait.Enabled;

    public static Activity? StartCall(HttpRequestMessage request) =>
        Source.HasListeners() ? Source.StartActivity($"Telephony {request.Method.Method}", ActivityKind.Client) : null;

    public void CallCompleted(TagList keyTags, HttpRequestMessage request, int? statusCode, string? errorType, TimeSpan duration)
    {
        if (!RecordsCalls)
        {
            return;
        }

        var tags = keyTags;
        tags.Add("http.request.method", request.Method.Method);
        if (statusCode is { } status)
        {
            tags.Add("http.response.status_code", status);
        }

        if (errorType is not null)
        {
            tags.Add("error.type", errorType);
        }

        _requests.Add(1, tags);
        _duration.Record(duration.TotalSeconds, tags);
    }

    public void RateLimited(HttpRequestMessage? request)
    {
        if (_rateLimited.Enabled)
        {
            _rateLimited.Add(1, KeyTags(request));
        }
    }

    public void WaitedForPermit(HttpRequestMessage? request, TimeProvider clock, long? startedAt)
    {
        if (startedAt is { } since)
        {
            _rateLimitWait.Record(clock.GetElapsedTime(since).TotalSeconds, KeyTags(request));
        }
    }

    public static TagList KeyTags(HttpRequestMessage? request) =>
        RequestKey.Of(request)?.Key is { } key ? KeyTags(key.Kind, key.Environment) : KeyTags(TelephonyApiKeyKind.Unknown, TelephonyApiKeyEnvironment.Unknown);

    // The key's kind and environment, and for a key's gauges a prefix of its SHA-256: never the key.
    private static TagList KeyTags(TelephonyApiKeyKind kind, TelephonyApiKeyEnvironment environment, string? keyId = null)
    {
        var tags = new TagList
        {
            { "telephony.key.kind", KindTag(kind) },
            { "telephony.key.environment", EnvironmentTag(environment) },
        };
        if (keyId is not null)
        {
            tags.Add("telephony.key.id", keyId[..12]);
        }

        return tags;
    }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    private IEnumerable<Measurement<double>> Measure(Func<TelephonyRateLimitState, double?> read)
    {
        foreach (var limit in _keys.All)
        {
            if (read(limit.Snapshot()) is { } value)
            {
                yield return new Measurement<double>(value, KeyTags(limit.Key.Kind, limit.Key.Environment, limit.KeyId));
            }
        }
    }

    private static string KindTag(TelephonyApiKeyKind kind) => kind switch
    {
        TelephonyApiKeyKind.Publishable => "publishable",
        TelephonyApiKeyKind.Secret => "secret",
        _ => "unknown",
    };

    private static string EnvironmentTag(TelephonyApiKeyEnvironment environment) => environment switch
    {
        TelephonyApiKeyEnvironment.Live => "live",
        TelephonyApiKeyEnvironment.Test => "test",
        _ => "unknown",
    };
}
