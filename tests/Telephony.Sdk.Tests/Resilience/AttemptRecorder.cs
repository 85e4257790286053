using System.Collections.Concurrent;
using Telephony.Sdk.Tests.RateLimiting;
using Telephony.Sdk.Tests.Retry;

namespace Telephony.Sdk.Tests.Resilience;

/// <summary>Sits below the resilience pipeline and records every attempt's method and headers as sent.</summary>
internal sealed class AttemptRecorder : DelegatingHandler
{
    private readonly ConcurrentQueue<HttpRequestMessage> _sent = new();

    public IReadOnlyList<HttpRequestMessage> Sent => [.. _sent];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _sent.Enqueue(request);
        return base.SendAsync(request, cancellationToken);
    }
}
