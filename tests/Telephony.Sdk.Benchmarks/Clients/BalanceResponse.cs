namespace Telephony.Sdk.Benchmarks;

/// <summary>The hand-written and Refit clients' model of <c>{"balance":1234.56}</c>.</summary>
public sealed record BalanceResponse(decimal Balance);
