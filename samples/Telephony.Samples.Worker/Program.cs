using Telephony.Samples.Worker;
using Telephony.Sdk;
using Telephony.Sdk.Testing;

// Checks the account balance on an interval. The key comes from configuration (appsettings, the environment as
// Telephony__ApiKey or TELEPHONY_API_KEY, user secrets); with none, the worker runs against the fake Telephony.io.
// Changing Telephony:ApiKey in appsettings.json while it runs switches the key on the next check. With a Redis
// connection string (ConnectionStrings:Redis, e.g. ConnectionStrings__Redis=localhost:6379), every instance of the
// worker shares the key's rate limit through Redis.
var builder = Host.CreateApplicationBuilder(args);
var hasKey = !string.IsNullOrWhiteSpace(builder.Configuration["Telephony:ApiKey"]) ||
             !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(TelephonyClientOptions.ApiKeyEnvironmentVariable));

TelephonyFakeServer? fakeServer = null;
if (!hasKey)
{
    fakeServer = await TelephonyFakeServer.StartAsync();
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Telephony:ApiKey"] = TelephonyFakeServer.SecretTestKey,
        ["Telephony:BaseAddress"] = fakeServer.BaseAddress.ToString(),
    });
    Console.WriteLine($"No Telephony API key configured: using the built-in fake Telephony.io at {fakeServer.BaseAddress}.");
}

var telephony = builder.Services.AddTelephonyClient();
if (builder.Configuration.GetConnectionString("Redis") is { Length: > 0 } redis)
{
    telephony.UseRedisRateLimit(redis);
    Console.WriteLine("The API key's rate limit is shared with every instance through Redis.");
}

// Healthy while Telephony.io answers with the key, Degraded while the key is rate limited, Unhealthy when the key is
// refused or the API unreachable; at most one API call per 30 s however often the health is read. In a web app, expose
// it with app.MapHealthChecks("/health").
builder.Services.AddHealthChecks().AddTelephonyHealthCheck();

builder.Services.Configure<BalanceCheckOptions>(builder.Configuration.GetSection("BalanceCheck"));
builder.Services.AddHostedService<BalanceCheckWorker>();

using var host = builder.Build();
await host.RunAsync();
if (fakeServer is not null)
{
    await fakeServer.DisposeAsync();
}
