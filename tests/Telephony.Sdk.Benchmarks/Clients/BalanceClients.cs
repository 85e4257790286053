using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Refit;

namespace Telephony.Sdk.Benchmarks;

/// <summary>
/// Builds each variant the way its user would. <c>primaryHandler</c> is the in-memory transport, or
/// <see langword="null"/> for the factory's own <see cref="SocketsHttpHandler"/> (loopback Kestrel).
/// No logging provider is registered anywhere: loggers exist, nothing is written.
/// </summary>
internal static class BalanceClients
{
    /// <summary>The balance every transport answers.</summary>
    public const decimal ExpectedBalance = 1234.56m;

    /// <summary>
    /// Client-side limit for the SDK variants that keep the rate limiter: the largest the SDK accepts, so the limiter runs
    /// its full code path on every call but never makes one wait (each benchmark process stays well below it).
    /// </summary>
    public const int SdkPermitsPerMinute = 1_000_000;

    /// <summary>An obviously fake test key, built at run time.</summary>
    public static readonly string ApiKey = "sk_test_" + new string('0', 20) + "bench1";

    /// <summary>Hand-written, no DI: one <see cref="HttpClient"/> for the life of the app.</summary>
    public static HttpClient HandWritten(HttpMessageHandler? primaryHandler)
    {
        var http = primaryHandler is null ? new HttpClient() : new HttpClient(primaryHandler);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        return http;
    }

    /// <summary>
    /// Hand-written with DI: a named client from <see cref="IHttpClientFactory"/>, with the factory's defaults
    /// (<paramref name="withoutLoggers"/>: without its logging handlers, as the SDK registers its own client).
    /// </summary>
    public static ServiceProvider HandWrittenWithFactory(Uri baseAddress, Func<HttpMessageHandler>? primaryHandler, bool withoutLoggers = false)
    {
        var services = new ServiceCollection();
        var builder = services.AddHttpClient(HandWrittenBalance.HttpClientName, http =>
        {
            http.BaseAddress = baseAddress;
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        });
        if (primaryHandler is not null)
        {
            builder.ConfigurePrimaryHttpMessageHandler(primaryHandler);
        }

        if (withoutLoggers)
        {
            builder.RemoveAllLoggers();
        }

        return services.BuildServiceProvider();
    }

    /// <summary>
    /// The SDK with its full default pipeline (its kept Refit client, telemetry, authentication, error buffering, timeouts,
    /// retry, coordinated backoff and rate limiter, its logger). <paramref name="rateLimit"/> false switches only the
    /// client-side limiter off.
    /// </summary>
    public static ServiceProvider Sdk(
        Uri baseAddress,
        Func<HttpMessageHandler>? primaryHandler,
        bool rateLimit = true,
        Action<TelephonyClientOptions>? configure = null,
        bool withoutResiliencePipeline = false)
    {
        var services = new ServiceCollection();
        var builder = services.AddTelephonyClient(options =>
        {
            options.ApiKey = ApiKey;
            options.BaseAddress = baseAddress;
            options.RateLimit.Enabled = rateLimit;
            options.RateLimit.PermitsPerMinute = SdkPermitsPerMinute;
            configure?.Invoke(options);
        });
        if (primaryHandler is not null)
        {
            builder.ConfigurePrimaryHttpMessageHandler(primaryHandler);
        }

        if (withoutResiliencePipeline)
        {
            // Only to show what the pipeline costs; docs/rate-limits.md documents this removal API.
#pragma warning disable EXTEXP0001
            builder.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        }

        var provider = services.BuildServiceProvider();

        // What a host does at start: ValidateOnStart's validation.
        provider.GetService<Microsoft.Extensions.Options.IStartupValidator>()?.Validate();
        return provider;
    }

    /// <summary>
    /// What a user would assemble: a source-generated Refit client, a bearer handler and the standard resilience handler
    /// (<paramref name="resilience"/> false: Refit and the bearer handler alone).
    /// </summary>
    public static ServiceProvider RefitStandardResilience(Uri baseAddress, Func<HttpMessageHandler>? primaryHandler, bool resilience = true)
    {
        var services = new ServiceCollection();
        var builder = services
            .AddRefitGeneratedClient<IBalanceApi>(RefitSettings.ForJsonContext(BalanceJsonContext.Default))
            .ConfigureHttpClient(http => http.BaseAddress = baseAddress)
            .AddHttpMessageHandler(() => new BearerTokenHandler(ApiKey));
        if (resilience)
        {
            builder.AddStandardResilienceHandler();
        }

        if (primaryHandler is not null)
        {
            builder.ConfigurePrimaryHttpMessageHandler(primaryHandler);
        }

        return services.BuildServiceProvider();
    }
}
