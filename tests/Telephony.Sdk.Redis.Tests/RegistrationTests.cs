using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Telephony.Sdk.Redis.Tests.Support;
using Telephony.Sdk.Testing;

namespace Telephony.Sdk.Redis.Tests;

/// <summary>How UseRedisRateLimit is called: what it accepts, what it refuses and how it says so.</summary>
public sealed class RegistrationTests(TestRedis redis)
{
    [Fact]
    public void UseRedisRateLimit_OnAnotherHttpClient_SaysToCallItOnTheTelephonyBuilder()
    {
        var builder = new ServiceCollection().AddHttpClient("other");

        var error = Assert.Throws<InvalidOperationException>(() => builder.UseRedisRateLimit("localhost:6379"));

        Assert.Contains("AddTelephonyClient", error.Message, StringComparison.Ordinal);
        Assert.Contains("'other'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("")]
    public void UseRedisRateLimit_BlankConfiguration_IsRefused(string configuration)
    {
        var builder = new ServiceCollection().AddTelephonyClient(o => o.ApiKey = TelephonyFakeServer.SecretTestKey);

        Assert.Throws<ArgumentException>("redisConfiguration", () => builder.UseRedisRateLimit(configuration));
    }

    [Fact]
    public void UseRedisRateLimit_ConfigurationWithoutServer_SaysWhatIsExpected_WithoutEchoingIt()
    {
        var builder = new ServiceCollection().AddTelephonyClient(o => o.ApiKey = TelephonyFakeServer.SecretTestKey);

        var error = Assert.Throws<ArgumentException>("redisConfiguration", () => builder.UseRedisRateLimit("password=hunter2-secret"));

        Assert.Contains("names no server", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "KeyPrefix")]
    [InlineData("has space", "KeyPrefix")]
    [InlineData("{braces}", "KeyPrefix")]
    public void UseRedisRateLimit_BadKeyPrefix_NamesTheSetting(string prefix, string setting)
    {
        var builder = new ServiceCollection().AddTelephonyClient(o => o.ApiKey = TelephonyFakeServer.SecretTestKey);

        var error = Assert.ThrowsAny<ArgumentException>(() => builder.UseRedisRateLimit("localhost:6379", o => o.KeyPrefix = prefix));

        Assert.Contains($"TelephonyRedisRateLimitOptions.{setting}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 100, "PermitPollInterval")]
    [InlineData(11_000, 100, "PermitPollInterval")]
    [InlineData(100, 5, "RedisTimeout")]
    [InlineData(100, 31_000, "RedisTimeout")]
    public void UseRedisRateLimit_OutOfRangeTimes_NameTheSettingAndTheRange(int pollMs, int timeoutMs, string setting)
    {
        var builder = new ServiceCollection().AddTelephonyClient(o => o.ApiKey = TelephonyFakeServer.SecretTestKey);

        var error = Assert.Throws<ArgumentOutOfRangeException>(setting, () => builder.UseRedisRateLimit("localhost:6379", o =>
        {
            o.PermitPollInterval = TimeSpan.FromMilliseconds(pollMs);
            o.RedisTimeout = TimeSpan.FromMilliseconds(timeoutMs);
        }));

        Assert.Contains($"TelephonyRedisRateLimitOptions.{setting} must be between", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestRedis.TestTimeoutMs)]
    public async Task UseRedisRateLimit_WithTheAppsConnection_OnANamedClient_TakesPermitsFromRedis_AndLeavesTheConnectionOpen()
    {
        var configuration = redis.Require();
        var prefix = FleetRateLimitTests.UniquePrefix();
        await using var server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var connection = await ConnectionMultiplexer.ConnectAsync(configuration);
        await using (connection)
        {
            var services = new ServiceCollection();
            services.AddSingleton<TimeProvider>(new IndependentSystemClock());
            services.AddSingleton<IConnectionMultiplexer>(connection);
            services.AddTelephonyClient("billing", o =>
            {
                o.ApiKey = TelephonyFakeServer.SecretTestKey;
                o.BaseAddress = server.BaseAddress;
            }).UseRedisRateLimit(sp => sp.GetRequiredService<IConnectionMultiplexer>(), o => o.KeyPrefix = prefix);

            await using (var provider = services.BuildServiceProvider())
            {
                var client = provider.GetRequiredKeyedService<TelephonyClient>("billing");
                for (var i = 0; i < 3; i++)
                {
                    await client.Account.GetBalanceAsync(TestContext.Current.CancellationToken);
                }

                var fleet = provider.GetRequiredKeyedService<RedisRateLimitFleet>("Telephony.Sdk.billing");
                var keyId = Assert.Single(fleet.Limiters).Key;
                Assert.Equal(3, await connection.GetDatabase().SortedSetLengthAsync($"rl:sw:{{{prefix}:{keyId}}}"));
            }

            Assert.True(connection.IsConnected, "The app's connection stays open after the client is disposed.");
        }
    }

    [Fact(Timeout = TestRedis.TestTimeoutMs)]
    public async Task UseRedisRateLimit_HostRebuiltOnTheSameClock_GetsItsOwnLimiter_NotTheDisposedOne()
    {
        var configuration = redis.Require();
        var prefix = FleetRateLimitTests.UniquePrefix();
        var clock = new IndependentSystemClock(); // one clock, as TimeProvider.System is for every host of a process
        await using var server = await TelephonyFakeServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

        for (var host = 0; host < 2; host++)
        {
            await using var stack = ClientStack.Create(
                server.BaseAddress,
                TelephonyFakeServer.SecretTestKey,
                clock,
                useRedis: builder => builder.UseRedisRateLimit(configuration, o => o.KeyPrefix = prefix));

            var balance = await stack.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken).Within(TimeSpan.FromSeconds(30));

            Assert.Equal(TelephonyFakeServer.DefaultBalance, balance.Balance);
            Assert.Single(stack.Fleet!.Limiters);
            Assert.Equal(0, stack.LogCount(4001));
        }

        await using var connection = await ConnectionMultiplexer.ConnectAsync(configuration);
        var keyId = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(TelephonyFakeServer.SecretTestKey)));
        Assert.Equal(2, await connection.GetDatabase().SortedSetLengthAsync($"rl:sw:{{{prefix}:{keyId}}}"));
    }
}
