using Microsoft.Extensions.DependencyInjection;

namespace Telephony.Sdk.Benchmarks;

/// <summary>One client variant behind a common call, for the load test, the cold-start app and the smoke run.</summary>
internal sealed class VariantClient : IAsyncDisposable
{
    public const string HandWritten = nameof(HandWritten);
    public const string HandWrittenViaFactory = nameof(HandWrittenViaFactory);
    public const string Sdk = nameof(Sdk);
    public const string SdkNoRateLimit = nameof(SdkNoRateLimit);
    public const string RefitStandardResilience = nameof(RefitStandardResilience);

    public static readonly IReadOnlyList<string> All = [HandWritten, HandWrittenViaFactory, Sdk, SdkNoRateLimit, RefitStandardResilience];

    private readonly IDisposable _owned;

    private VariantClient(string name, IDisposable owned, Func<CancellationToken, Task<decimal>> call)
    {
        Name = name;
        _owned = owned;
        GetBalanceAsync = call;
    }

    public string Name { get; }

    public Func<CancellationToken, Task<decimal>> GetBalanceAsync { get; }

    /// <summary>Finds a variant by name, ignoring case.</summary>
    public static string? Find(string name) => All.FirstOrDefault(v => string.Equals(v, name, StringComparison.OrdinalIgnoreCase));

    public static VariantClient Create(string name, Uri baseAddress, Func<HttpMessageHandler>? primaryHandler)
    {
        var balanceUri = HandWrittenBalance.BalanceUri(baseAddress);
        switch (name)
        {
            case HandWritten:
                var http = BalanceClients.HandWritten(primaryHandler?.Invoke());
                return new VariantClient(name, http, ct => HandWrittenBalance.GetAsync(http, balanceUri, ct));
            case HandWrittenViaFactory:
                var services = BalanceClients.HandWrittenWithFactory(baseAddress, primaryHandler);
                var factory = services.GetRequiredService<IHttpClientFactory>();
                return new VariantClient(name, services, ct => HandWrittenBalance.GetAsync(factory.CreateClient(HandWrittenBalance.HttpClientName), balanceUri, ct));
            case Sdk or SdkNoRateLimit:
                var sdkServices = BalanceClients.Sdk(baseAddress, primaryHandler, rateLimit: name == Sdk);
                var client = sdkServices.GetRequiredService<TelephonyClient>();
                return new VariantClient(name, sdkServices, async ct => (await client.Account.GetBalanceAsync(ct)).Balance);
            case RefitStandardResilience:
                var refitServices = BalanceClients.RefitStandardResilience(baseAddress, primaryHandler);
                var api = refitServices.GetRequiredService<IBalanceApi>();
                return new VariantClient(name, refitServices, async ct => (await api.GetBalanceAsync(ct)).Balance);
            default:
                throw new ArgumentException($"Unknown variant \"{name}\"; known: {string.Join(", ", All)}.", nameof(name));
        }
    }

    public ValueTask DisposeAsync()
    {
        if (_owned is IAsyncDisposable asyncDisposable)
        {
            return asyncDisposable.DisposeAsync();
        }

        _owned.Dispose();
        return ValueTask.CompletedTask;
    }
}
