using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Telephony.Sdk.Tests.Support;

/// <summary>
/// Runs one call for each outcome (success, 401, 500, malformed 200, connection refused) through a container
/// with every log record captured at Trace level, and keeps every exception thrown.
/// </summary>
internal static class LeakScenarios
{
    public static async Task<(IReadOnlyList<FakeLogRecord> Records, IReadOnlyList<Exception> Exceptions)> RunAsync(string key)
    {
        var exceptions = new List<Exception>();
        var records = new List<FakeLogRecord>();

        using (var api = WireMockApi.Start())
        {
            await using var provider = BuildWithTraceLogging(key, api.ApiBaseAddress);
            var client = provider.GetRequiredService<TelephonyClient>();

            api.RespondWithBalance();
            await CaptureAsync(client, exceptions);
            api.RespondWith((int)HttpStatusCode.Unauthorized, "{\"error\":{\"code\":\"unauthorized\",\"message\":\"Invalid or missing API key\"}}");
            await CaptureAsync(client, exceptions);
            api.RespondWith((int)HttpStatusCode.InternalServerError, "{\"error\":{\"code\":\"internal_error\",\"message\":\"boom\"}}");
            await CaptureAsync(client, exceptions);
            api.RespondWith((int)HttpStatusCode.OK, "{\"balance\":");
            await CaptureAsync(client, exceptions);

            // The key did go out on every call, so its absence below is not because it was never used.
            Assert.Equal(4, api.Requests.Count);
            Assert.All(api.Requests, request => Assert.Equal(["Bearer " + key], request.HeaderValues("Authorization")));
            records.AddRange(provider.GetFakeLogCollector().GetSnapshot());
        }

        await using (var refused = BuildWithTraceLogging(key, ClosedPort.ApiBaseAddress()))
        {
            await CaptureAsync(refused.GetRequiredService<TelephonyClient>(), exceptions);
            records.AddRange(refused.GetFakeLogCollector().GetSnapshot());
        }

        // The scenarios really ran: one exception per failing call, of the documented types.
        Assert.Collection(
            exceptions,
            e => Assert.IsType<TelephonyAuthenticationException>(e),
            e => Assert.IsType<TelephonyServerException>(e),
            e => Assert.IsType<TelephonyException>(e),
            e => Assert.IsType<TelephonyConnectionException>(e));

        // The logs captured every attempt on the wire, naming the (redacted) key, so a clean scan means something.
        Assert.True(records.Count(r => r.Category == "Telephony.Sdk.Http") >= 8, "The SDK's HTTP log records were not captured.");
        Assert.Contains(records, r => r.Message.Contains("(key sk_test_…", StringComparison.Ordinal));

        return (records, exceptions);
    }

    private static ServiceProvider BuildWithTraceLogging(string key, Uri baseAddress) =>
        TelephonyServices.Build(key, baseAddress, services =>
        {
            services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace));
            services.AddFakeLogging();
        });

    private static async Task CaptureAsync(TelephonyClient client, List<Exception> exceptions)
    {
        var exception = await Record.ExceptionAsync(() => client.Account.GetBalanceAsync(TestContext.Current.CancellationToken));
        if (exception is not null)
        {
            exceptions.Add(exception);
        }
    }
}
