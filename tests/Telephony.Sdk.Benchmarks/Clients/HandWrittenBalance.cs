using System.Text.Json;

namespace Telephony.Sdk.Benchmarks;

/// <summary>
/// The lower limit: one GET on a plain <see cref="HttpClient"/> whose default headers carry the bearer key,
/// streamed into source-generated JSON. No retries, no typed errors, no rate limit.
/// </summary>
internal static class HandWrittenBalance
{
    public const string HttpClientName = "handwritten";

    public static Uri BalanceUri(Uri baseAddress) => new(baseAddress, "account/balance");

    public static async Task<decimal> GetAsync(HttpClient http, Uri balanceUri, CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync(balanceUri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var balance = await JsonSerializer.DeserializeAsync(body, BalanceJsonContext.Default.BalanceResponse, cancellationToken);
        return balance?.Balance ?? throw new InvalidOperationException("The response had an empty body.");
    }
}
