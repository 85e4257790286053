using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Telephony.Sdk.Testing;

namespace Telephony.Sdk.Tests.Diagnostics;

/// <summary>The Telephony.Sdk meter and activity source: one measurement and one activity per call, never the key.</summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task Meter_OneRequestPerCall_WithStatusAndKeyKindTags()
    {
        await using var server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddTelephonyClient(o =>
        {
            (o.ApiKey, o.BaseAddress) = (TelephonyFakeServer.PublishableTestKey, server.BaseAddress);
            o.Resilience.MaxRetryAttempts = 0;
        });
        await using var provider = services.BuildServiceProvider();
        using var requests = new MetricCollector<long>(provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), "Telephony.Sdk", "telephony.client.requests");
        var client = provider.GetRequiredService<TelephonyClient>();

        await client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);
        server.Faults.RespondWithStatus(503);
        await Assert.ThrowsAsync<TelephonyServerException>(() => client.Account.GetBalanceAsync(TestContext.Current.CancellationToken));

        var measurements = requests.GetMeasurementSnapshot();
        Assert.Equal(2, measurements.Count);
        Assert.Equal([200, 503], measurements.Select(m => (int)m.Tags["http.response.status_code"]!));
        Assert.All(measurements, m =>
        {
            Assert.Equal(1, m.Value);
            Assert.Equal("publishable", m.Tags["telephony.key.kind"]);
            Assert.Equal("test", m.Tags["telephony.key.environment"]);
            Assert.DoesNotContain(m.Tags.Values, v => v?.ToString()?.Contains("fake0000", StringComparison.Ordinal) == true);
        });
    }

    [Fact]
    public async Task ActivitySource_OneActivityPerCall_TaggedWithoutTheKey()
    {
        await using var server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var stopped = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Telephony.Sdk" or "Telephony.Sdk.Tests",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (stopped) { stopped.Add(activity); } },
        };
        ActivitySource.AddActivityListener(listener);
        var services = new ServiceCollection();
        services.AddTelephonyClient(o => (o.ApiKey, o.BaseAddress) = (TelephonyFakeServer.SecretTestKey, server.BaseAddress));
        await using var provider = services.BuildServiceProvider();

        // Other tests run in parallel: only this test's call is a child of this root.
        using var testSource = new ActivitySource("Telephony.Sdk.Tests");
        ActivitySpanId rootSpan;
        using (var root = testSource.StartActivity("test"))
        {
            rootSpan = root!.SpanId;
            await provider.GetRequiredService<TelephonyClient>().Account.GetBalanceAsync(TestContext.Current.CancellationToken);
        }

        List<Activity> mine;
        lock (stopped)
        {
            mine = stopped.Where(a => a.Source.Name == "Telephony.Sdk" && a.ParentSpanId == rootSpan).ToList();
        }

        var activity = Assert.Single(mine);
        Assert.Equal(ActivityKind.Client, activity.Kind);
        Assert.Equal(200, activity.GetTagItem("http.response.status_code"));
        Assert.Equal("secret", activity.GetTagItem("telephony.key.kind"));
        Assert.Equal("/api/account/balance", activity.GetTagItem("url.path"));
        Assert.DoesNotContain(activity.TagObjects, t => t.Value?.ToString()?.Contains(TelephonyFakeServer.SecretTestKey, StringComparison.Ordinal) == true);
    }

    // The SDK does not follow redirects: a 3xx ends the call with a TelephonyApiException, which is a failed call.
    [Theory]
    [InlineData(302)]
    [InlineData(304)]
    public async Task ActivitySource_CallEndedByA3xx_ActivityIsMarkedAsFailed(int status)
    {
        var stopped = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Telephony.Sdk" or "Telephony.Sdk.Tests",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (stopped) { stopped.Add(activity); } },
        };
        ActivitySource.AddActivityListener(listener);
        var responses = new Resilience.StubResponses(() => Resilience.StubResponses.Status(status, r => r.Headers.Location = new Uri("https://elsewhere.example/balance")));
        await using var services = Resilience.StubResponses.BuildClient(new Resilience.ObservableTimeProvider(), responses);

        using var testSource = new ActivitySource("Telephony.Sdk.Tests");
        ActivitySpanId rootSpan;
        using (var root = testSource.StartActivity("test"))
        {
            rootSpan = root!.SpanId;
            await Assert.ThrowsAsync<TelephonyApiException>(
                () => services.GetRequiredService<TelephonyClient>().Account.GetBalanceAsync(TestContext.Current.CancellationToken));
        }

        List<Activity> mine;
        lock (stopped)
        {
            mine = stopped.Where(a => a.Source.Name == "Telephony.Sdk" && a.ParentSpanId == rootSpan).ToList();
        }

        var activity = Assert.Single(mine);
        Assert.Equal(status, activity.GetTagItem("http.response.status_code"));
        Assert.Equal(ActivityStatusCode.Error, activity.Status);
        Assert.Equal(status.ToString(System.Globalization.CultureInfo.InvariantCulture), activity.GetTagItem("error.type"));
    }
}
