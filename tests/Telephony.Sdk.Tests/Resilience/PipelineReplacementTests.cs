using Microsoft.Extensions.DependencyInjection;
using Polly;
using Telephony.Sdk.Testing;
using Telephony.Sdk.Tests.RateLimiting;
using Telephony.Sdk.Tests.Retry;

namespace Telephony.Sdk.Tests.Resilience;

/// <summary>The documented way to replace the SDK's pipeline through the returned IHttpClientBuilder.</summary>
public sealed class PipelineReplacementTests
{
    [Fact]
    public async Task RemoveAllResilienceHandlers_ThenOwnPipeline_ReplacesTheSdkRetries()
    {
        await using var server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        server.Faults.RespondWithStatus(503);
        var services = new ServiceCollection();
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental by Microsoft.Extensions.Http.Resilience.
        services.AddTelephonyClient(o =>
            {
                o.ApiKey = TelephonyFakeServer.SecretTestKey;
                o.BaseAddress = server.BaseAddress;
            })
            .RemoveAllResilienceHandlers()
            .AddResilienceHandler("mine", pipeline => pipeline.AddTimeout(TimeSpan.FromSeconds(5)));
#pragma warning restore EXTEXP0001
        await using var provider = services.BuildServiceProvider();

        await Assert.ThrowsAsync<TelephonyServerException>(
            () => provider.GetRequiredService<TelephonyClient>().Account.GetBalanceAsync(TestContext.Current.CancellationToken));

        Assert.Single(server.Requests);
    }
}
