using System.Globalization;
using System.Net;
using Microsoft.Extensions.Time.Testing;
using Telephony.Sdk.Resilience;
using Telephony.Sdk.Testing.RateLimiting;
using Telephony.Sdk.RateLimiting;
using Telephony.Sdk.Retry;
using Telephony.Sdk.Tests.RateLimiting;
using Telephony.Sdk.Tests.Resilience;
using Telephony.Sdk.Tests.Retry;

namespace Telephony.Sdk.Tests.RateLimiting.Adaptive;

/// <summary>
/// Callers of one key against one of the fake server's rate limiters, on a fake clock, event by event: each caller asks
/// the key's state when it may send, waits exactly what it is told, sends (the server answers at once), and retries a 429
/// at once as the retry step does. Deterministic, so the pace's behaviour against servers built on other models can be
/// pinned without a network or real time.
/// </summary>
internal sealed class PaceSimulation
{
    private const string Key = "sk_test_simulation0000000000000001";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly IFakeRateLimiter _server;
    private readonly int _limit;
    private readonly bool _retryAfter;

    public PaceSimulation(Func<TimeProvider, IFakeRateLimiter> server, int limit, bool retryAfter)
    {
        _server = server(_clock);
        _limit = limit;
        _retryAfter = retryAfter;
        State = new KeyRateLimit("simulated-key-id", isPublishable: false, new TelephonyRateLimitOptions(), _clock);
    }

    public KeyRateLimit State { get; }

    public int Accepted { get; private set; }

    public int Refused { get; private set; }

    public TimeSpan Elapsed => _clock.GetUtcNow() - _clock.Start;

    /// <summary>Runs <paramref name="calls"/> calls from <paramref name="callers"/> callers, at most <paramref name="limit"/> simulated time.</summary>
    public void Run(int calls, int callers, TimeSpan limit)
    {
        var wakeAt = Enumerable.Repeat(_clock.GetUtcNow(), callers).ToArray();
        var turns = Enumerable.Range(0, callers).Select(_ => new KeyRateLimit.Turn()).ToArray();
        var started = callers;
        var end = _clock.GetUtcNow() + limit;
        while (Accepted < calls && _clock.GetUtcNow() < end)
        {
            var next = wakeAt.Min();
            if (next > _clock.GetUtcNow())
            {
                _clock.AdjustTime(next);
            }

            for (var i = 0; i < callers; i++)
            {
                if (wakeAt[i] > _clock.GetUtcNow() || wakeAt[i] == DateTimeOffset.MaxValue)
                {
                    continue;
                }

                var wait = State.TryAdmit(turns[i], limitOnClient: true, out _);
                if (wait > TimeSpan.Zero)
                {
                    wakeAt[i] = _clock.GetUtcNow() + wait;
                    continue;
                }

                State.Sending(turns[i]);
                using var response = Answer();
                State.Observe(turns[i], response, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
                turns[i] = new KeyRateLimit.Turn();
                if (response.StatusCode == HttpStatusCode.OK && started++ >= calls)
                {
                    wakeAt[i] = DateTimeOffset.MaxValue;
                }
            }
        }
    }

    private HttpResponseMessage Answer()
    {
        var decision = _server.TryAcquire(Key, _limit);
        if (decision.Accepted)
        {
            Accepted++;
            return new HttpResponseMessage(HttpStatusCode.OK);
        }

        Refused++;
        if (Environment.GetEnvironmentVariable("PACE_TRACE") is { } trace)
        {
            File.AppendAllText(trace, $"{Elapsed.TotalSeconds:F3} 429 accepted={Accepted} state={State.Snapshot()}\n");
        }

        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        if (_retryAfter)
        {
            response.Headers.Add("Retry-After", Math.Max(1, (long)Math.Ceiling(decision.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
        }

        return response;
    }
}
