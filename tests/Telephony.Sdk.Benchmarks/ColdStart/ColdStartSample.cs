namespace Telephony.Sdk.Benchmarks;

/// <summary>
/// One cold start: whole-process wall time, and as the app measured them from Main: to a resolved client (set-up) and
/// to the result; and how many methods the JIT compiled in the process (0 under NativeAOT), the figure that does not
/// move with the machine's load.
/// </summary>
internal sealed record ColdStartSample(double WallMs, double MainMs, double SetUpMs, double JitMethods);
