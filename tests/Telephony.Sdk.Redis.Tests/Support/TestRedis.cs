namespace Telephony.Sdk.Redis.Tests.Support;

/// <summary>
/// The Redis server the tests share: the one named by <c>TELEPHONY_TEST_REDIS</c> (host:port, as <c>.ci/run</c>
/// starts it), else one started here. Without Redis the tests are skipped with a message saying what to install,
/// unless <c>TELEPHONY_TEST_REDIS_REQUIRED=1</c> (CI), where they fail.
/// </summary>
public sealed class TestRedis : IAsyncLifetime
{
    /// <summary>
    /// Every Redis test's own limit (xunit fails a test that outlasts it and the run goes on): a call stuck on a store,
    /// a process or a clock fails its test instead of holding the whole run. The slowest test takes about 20 s.
    /// </summary>
    public const int TestTimeoutMs = 180_000;

    private RedisServerProcess? _own;

    public string? Configuration { get; private set; }

    public string? Unavailable { get; private set; }

    public static bool Required => Environment.GetEnvironmentVariable("TELEPHONY_TEST_REDIS_REQUIRED") == "1";

    public async ValueTask InitializeAsync()
    {
        var given = Environment.GetEnvironmentVariable("TELEPHONY_TEST_REDIS");
        if (!string.IsNullOrWhiteSpace(given))
        {
            Configuration = $"{given},connectTimeout=2000,asyncTimeout=2000,syncTimeout=2000";
            return;
        }

        if (RedisServerProcess.FindExecutable() is null)
        {
            Unavailable = "redis-server is not installed: install it (Debian: apt-get install redis-server) or set TELEPHONY_TEST_REDIS=host:port";
            return;
        }

        _own = await RedisServerProcess.StartAsync();
        Configuration = _own.Configuration;
    }

    /// <summary>The configuration string of the shared server; skips (or, in CI, fails) the test without one.</summary>
    public string Require()
    {
        if (Configuration is not null)
        {
            return Configuration;
        }

        if (Required)
        {
            Assert.Fail(Unavailable);
        }

        Assert.Skip(Unavailable!);
        return null!;
    }

    /// <summary>Starts a private server a test may stop and restart; skips (or, in CI, fails) without redis-server.</summary>
    public static async Task<RedisServerProcess> StartPrivateServerAsync()
    {
        if (RedisServerProcess.FindExecutable() is null)
        {
            const string Message = "redis-server is not installed: install it (Debian: apt-get install redis-server)";
            if (Required)
            {
                Assert.Fail(Message);
            }

            Assert.Skip(Message);
        }

        return await RedisServerProcess.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_own is not null)
        {
            await _own.DisposeAsync();
        }
    }
}
