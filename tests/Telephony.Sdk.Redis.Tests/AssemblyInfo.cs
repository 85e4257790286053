using Telephony.Sdk.Redis.Tests.Support;

[assembly: AssemblyFixture(typeof(TestRedis))]

// Two tests wait about a minute each for the shared window in Redis to slide. No fake clock can move it:
// RedisRateLimiting stamps each permit with DateTimeOffset.UtcNow of the process asking (in whole seconds), not with the
// SDK's TimeProvider, and one of the two runs the worker sample as three processes. Most of the others wait on Redis,
// processes or sockets rather than on the CPU. With one thread per core (xunit's default) those two minutes took both
// threads and every other test queued behind them; with more threads the other tests run during that minute.
[assembly: Xunit.v3.Parallelization(MaxThreads = 8)]
