using System.Net;
using Microsoft.Extensions.Time.Testing;
using Telephony.Sdk.Resilience;
using Telephony.Sdk.RateLimiting;
using Telephony.Sdk.Retry;
using Telephony.Sdk.Tests.RateLimiting;
using Telephony.Sdk.Tests.Resilience;
using Telephony.Sdk.Tests.Retry;

namespace Telephony.Sdk.Tests.RateLimiting.Adaptive;

/// <summary>One key's rate-limit state on a fake clock, driven as the per-attempt step drives it: admit, send, observe.</summary>
internal sealed class KeyUnderTest
{
    public static readonly TimeSpan BaseDelay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    public KeyUnderTest(bool publishable = false, Action<TelephonyRateLimitOptions>? configure = null, DateTimeOffset? start = null)
    {
        Start = start ?? new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        Clock = new FakeTimeProvider(Start);
        var options = new TelephonyRateLimitOptions();
        configure?.Invoke(options);
        Limit = new KeyRateLimit(publishable ? "pk-key-id" : "sk-key-id", publishable, options, Clock);
    }

    public DateTimeOffset Start { get; }

    public FakeTimeProvider Clock { get; }

    public KeyRateLimit Limit { get; }

    /// <summary>Admits an attempt now, failing the test if it would have to wait; it is not sent yet.</summary>
    public KeyRateLimit.Turn AdmitNow()
    {
        var turn = new KeyRateLimit.Turn();
        Assert.Equal(TimeSpan.Zero, Limit.TryAdmit(turn, limitOnClient: true, out _));
        return turn;
    }

    /// <summary>Admits and sends an attempt now, failing the test if it would have to wait.</summary>
    public KeyRateLimit.Turn SendNow()
    {
        var turn = AdmitNow();
        Limit.Sending(turn);
        return turn;
    }

    /// <summary>Asks until the attempt is admitted, advancing the clock by every wait it is told, then sends it.</summary>
    public KeyRateLimit.Turn SendWhenAdmitted()
    {
        var turn = new KeyRateLimit.Turn();
        for (var asked = 0; Limit.TryAdmit(turn, limitOnClient: true, out _) is var wait && wait > TimeSpan.Zero; asked++)
        {
            Assert.True(asked < 1000, "The attempt was never admitted.");
            Clock.Advance(wait);
        }

        Limit.Sending(turn);
        return turn;
    }

    /// <summary>Asks once whether the attempt may go now.</summary>
    public (TimeSpan Wait, WaitReason Reason) Ask(KeyRateLimit.Turn turn, bool limitOnClient = true)
    {
        var wait = Limit.TryAdmit(turn, limitOnClient, out var reason);
        return (wait, reason);
    }

    /// <summary>Lets the key learn from the attempt's response, with the given headers.</summary>
    public KeyRateLimit.Observation Answer(KeyRateLimit.Turn turn, HttpStatusCode status, params (string Name, string Value)[] headers)
    {
        using var response = new HttpResponseMessage(status);
        foreach (var (name, value) in headers)
        {
            Assert.True(response.Headers.TryAddWithoutValidation(name, value));
        }

        // Observing the answer ends the attempt, as in the per-attempt step.
        return Limit.Observe(turn, response, BaseDelay, MaxDelay);
    }
}
