using System.Text.Json.Serialization;
using Refit;
using Telephony.Sdk.Internal;

namespace Telephony.Sdk.Tests.Contributing;

/// <summary>
/// Every model the wire contract reads or writes has source-generated JSON metadata: without it, a new endpoint would
/// fail at run time (the SDK is trimmed and AOT-compiled, with no reflection fallback).
/// </summary>
public sealed class JsonContextCoverageTests
{
    [Fact]
    public void TelephonyApi_EveryModelOfTheContract_IsInTheJsonContext()
    {
        var missing = JsonContextCoverage.Missing(typeof(ITelephonyApi), TelephonyJsonContext.Default);

        Assert.True(
            missing.Count == 0,
            $"Add [JsonSerializable(typeof(…))] to Internal/TelephonyJsonContext.cs for: {string.Join(", ", missing.Select(t => t.Name))}");
    }

    [Fact]
    public void Missing_ContractWithAModelTheContextLacks_NamesIt()
    {
        var missing = JsonContextCoverage.Missing(typeof(IContractWithAnUncoveredModel), TelephonyJsonContext.Default);

        Assert.Equal([typeof(UncoveredModel)], missing);
    }

    internal sealed record UncoveredModel(int Value);

    internal interface IContractWithAnUncoveredModel
    {
        [Get("/account/balance")]
        Task<AccountBalance> GetBalanceAsync(CancellationToken cancellationToken);

        [Post("/things")]
        Task<AccountBalance> CreateAsync([Body] UncoveredModel thing, CancellationToken cancellationToken);
    }
}
