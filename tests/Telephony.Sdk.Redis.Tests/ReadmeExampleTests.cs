using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Telephony.Sdk.Redis.Tests;

/// <summary>The code of docs/running-many-instances.md, compiled, and what it configures.</summary>
public sealed class ReadmeExampleTests
{
    [Fact]
    public void ReadmeExample_BothForms_PlugARedisLimiterIntoTheClient()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Telephony:ApiKey"] = "sk_test_readme_example_0001" })
            .Build();

        var services = new ServiceCollection();
        services.AddTelephonyClient(configuration.GetSection("Telephony"))
            .UseRedisRateLimit("redis.internal:6379,password=…");

        var withConnection = new ServiceCollection();
        withConnection.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect("redis.internal:6379,abortConnect=false"));
        withConnection.AddTelephonyClient(configuration.GetSection("Telephony"))
            .UseRedisRateLimit(sp => sp.GetRequiredService<IConnectionMultiplexer>());

        foreach (var collection in new[] { services, withConnection })
        {
            // Reading the options connects to nothing: the connection is made at the first request.
            using var provider = collection.BuildServiceProvider();
            var options = provider.GetRequiredService<IOptionsMonitor<TelephonyClientOptions>>().Get(Options.DefaultName);
            Assert.NotNull(options.RateLimit.LimiterFactory);
            Assert.Equal("sk_test_readme_example_0001", options.ApiKey);
        }
    }
}
