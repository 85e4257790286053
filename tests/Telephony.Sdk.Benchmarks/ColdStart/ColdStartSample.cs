namespace Telephony.Sdk.Benchmarks;

/// <summary>
/// One cold start: whole-process wall time, and as the app measured them from Main: to a resolved client (set-up) and
/// to the result.
/// </summary>
internal sealed record ColdStartSample(double WallMs, double MainMs, double SetUpMs);
