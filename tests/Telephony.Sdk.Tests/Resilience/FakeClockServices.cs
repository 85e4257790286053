using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Telephony.Sdk.Tests.RateLimiting;
using Telephony.Sdk.Tests.Retry;

namespace Telephony.Sdk.Tests.Resilience;

/// <summary>
/// A service provider whose clients run on a fake clock. Polly drains a reloadable pipeline before disposing it,
/// polling for its pending calls on the pipeline's clock: a call a failed test left waiting on the fake clock would hold
/// that drain, and the run, forever. Disposing moves the clock past the drain's limit first, so the test fails with its
/// own message instead of hanging.
/// </summary>
internal sealed class FakeClockServices(ServiceProvider provider, FakeTimeProvider clock) : IServiceProvider, IAsyncDisposable
{
    public object? GetService(Type serviceType) => provider.GetService(serviceType);

    public async ValueTask DisposeAsync() => await DisposeAsync(provider, clock);

    public static async Task DisposeAsync(ServiceProvider provider, FakeTimeProvider clock)
    {
        var disposal = provider.DisposeAsync().AsTask();
        if (!disposal.IsCompleted)
        {
            clock.Advance(TimeSpan.FromMinutes(10));
        }

        await disposal.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
