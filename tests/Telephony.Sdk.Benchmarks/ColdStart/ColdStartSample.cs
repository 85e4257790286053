namespace Telephony.Sdk.Benchmarks;

/// <summary>One cold start: whole-process wall time, and the part from Main to the result as the app measured it.</summary>
internal sealed record ColdStartSample(double WallMs, double MainMs);
