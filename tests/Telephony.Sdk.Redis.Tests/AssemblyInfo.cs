using Telephony.Sdk.Redis.Tests.Support;

[assembly: AssemblyFixture(typeof(TestRedis))]

// Most tests wait on Redis, processes, sockets or the shared window rather than on the CPU: two of them wait 10-14 s for
// permits that an earlier minute took to leave the window (SharedWindowHistory). With one thread per core (xunit's
// default) such waits held both threads while the other tests queued behind them; with more, the others run meanwhile.
[assembly: Xunit.v3.Parallelization(MaxThreads = 8)]
