using Telephony.Sdk.Redis.Tests.Support;

[assembly: AssemblyFixture(typeof(TestRedis))]

// Two tests wait about a minute each for Redis's shared window to slide (on Redis's own clock, which no fake clock can
// move), and most of the others wait on Redis, processes or sockets rather than on the CPU. With one thread per core
// (xunit's default) those two minutes took both threads and every other test queued behind them; with more threads
// the other tests run during that minute.
[assembly: Xunit.v3.Parallelization(MaxThreads = 8)]
