using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Telephony.Sdk.Authentication;
using Telephony.Sdk.Testing;

namespace Telephony.Sdk.Tests.Authentication;

/// <summary>
/// A started <see cref="TelephonyFakeServer"/> and a container built the way an app builds it, with a chosen client-mode
/// detector and host environment, and every log record captured at Trace level.
/// </summary>
internal sealed class KeyTestHost : IAsyncDisposable
{
    private KeyTestHost(TelephonyFakeServer server, ServiceProvider services)
    {
        Server = server;
        Services = services;
    }

    public TelephonyFakeServer Server { get; }

    public ServiceProvider Services { get; }

    public TelephonyClient Client => Services.GetRequiredService<TelephonyClient>();

    /// <summary>Gets every log record written so far.</summary>
    public IReadOnlyList<FakeLogRecord> Logs => Services.GetFakeLogCollector().GetSnapshot();

    /// <summary>Starts a server that accepts <paramref name="serverKeys"/> (besides its defaults) and builds the container.</summary>
    /// <param name="configure">Sets the client options; the base address is the server's and retries are off.</param>
    /// <param name="detector">The client-mode detector; by default a server build on a server platform.</param>
    /// <param name="environmentName">The host environment's name.</param>
    /// <param name="serverKeys">Keys the server accepts, in addition to its four default keys.</param>
    /// <param name="moreServices">Changes the registrations after <c>AddTelephonyClient</c>.</param>
    public static async Task<KeyTestHost> StartAsync(
        Action<TelephonyClientOptions> configure,
        ClientModeDetector? detector = null,
        string environmentName = "Staging",
        IEnumerable<string>? serverKeys = null,
        Action<IServiceCollection>? moreServices = null)
    {
        var server = await TelephonyFakeServer.StartAsync(
            options =>
            {
                foreach (var key in serverKeys ?? [])
                {
                    options.Keys[key] = 42.5m;
                }
            },
            TestContext.Current.CancellationToken);

        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace));
        services.AddFakeLogging();

        // Registered before AddTelephonyClient, which only adds its own when none is there.
        services.AddSingleton<ClientModeDetector>(detector ?? FakeClientModeDetector.Server);
        services.AddSingleton<IHostEnvironment>(new TestHostEnvironment(environmentName));
        services.AddTelephonyClient(options =>
        {
            options.BaseAddress = server.BaseAddress;

            // One call, one request: the journal then counts exactly what the SDK chose to send.
            options.Resilience.MaxRetryAttempts = 0;
            configure(options);
        });
        moreServices?.Invoke(services);
        return new KeyTestHost(server, services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
    }

    /// <summary>Runs the validation the Generic Host runs at startup for <c>ValidateOnStart</c>.</summary>
    public void ValidateAtStartup() => Services.GetRequiredService<IStartupValidator>().Validate();

    /// <summary>Gets the log records with an event id.</summary>
    public IReadOnlyList<FakeLogRecord> LogsWithEventId(int eventId) => [.. Logs.Where(record => record.Id.Id == eventId)];

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Server.DisposeAsync();
    }
}
