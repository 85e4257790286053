using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Refit;
using Telephony.Sdk.DependencyInjection;

namespace Telephony.Sdk.Internal;

/// <summary>
/// Runs one call on a Refit contract of the API (<see cref="ITelephonyApi"/> for the SDK's own operations; its JSON context
/// in <paramref name="settings"/>), and hands <c>SendAsync</c> the same
/// <see cref="HttpClient"/>. One <see cref="HttpClient"/> from <see cref="IHttpClientFactory"/>, and the Refit client
/// over it, are kept between calls (it saves about 560 B per call) and renewed when the client's options change (a
/// reload may move <c>BaseAddress</c>) or they are more than a second old, so a long-lived <see cref="TelephonyClient"/>
/// follows the factory's handler rotation.
/// </summary>
/// <typeparam name="TApi">The Refit contract.</typeparam>
/// <param name="services">The services the client's options, <see cref="HttpClient"/> and pipeline come from.</param>
/// <param name="name">The client's name.</param>
/// <param name="settings">The Refit settings of the contract (<see cref="RefitSettingsFactory.Create"/> with its JSON context).</param>
internal sealed class TelephonyApiInvoker<TApi>(IServiceProvider services, string name, RefitSettings settings)
    where TApi : class
{
    private readonly string _httpClientName = TelephonyClientRegistration.HttpClientNameFor(name);
    private IOptionsMonitor<TelephonyClientOptions>? _options;
    private Lease? _current;

    public Task<TResult> InvokeAsync<TResult>(
        Func<TApi, CancellationToken, Task<TResult>> call,
        HttpMethod method,
        string relativePath,
        TelephonyRequestOptions? options,
        CancellationToken cancellationToken)
        where TResult : class
    {
        var lease = Get();
        var task = options is null && PendingCallOptions.Current.Value is null
            ? call(lease.Api, cancellationToken)
            : PendingCallOptions.RunAsync(options, static s => s.call(s.Api, s.cancellationToken), (call, lease.Api, cancellationToken));

        // A call that has already completed with a result needs no further step of its own.
        return task.IsCompletedSuccessfully && task.Result is not null
            ? task
            : CompleteAsync(task, lease.Options, method, relativePath);
    }

    /// <summary>Gets the current lease; validates the options first, as creating a client per call would.</summary>
    /// <exception cref="TelephonyConfigurationException">The options are invalid.</exception>
    public Lease Get()
    {
        TelephonyClientOptions options;
        try
        {
            _options ??= services.GetRequiredService<IOptionsMonitor<TelephonyClientOptions>>();
            options = _options.Get(name);
        }
        catch (OptionsValidationException e)
        {
            throw ClientServices.ConfigurationFailure(e);
        }

        // A reference, so concurrent calls never see a client paired with another client's options.
        var current = Volatile.Read(ref _current);
        if (current is not null && ReferenceEquals(current.Options, options) && Stopwatch.GetTimestamp() < current.RenewAt)
        {
            return current;
        }

        var lease = new Lease(options, Stopwatch.GetTimestamp() + Stopwatch.Frequency, CreateClient, settings);
        Volatile.Write(ref _current, lease);
        return lease;
    }

    private HttpClient CreateClient() => ClientServices.HttpClient(services, _httpClientName);

    private static async Task<TResult> CompleteAsync<TResult>(
        Task<TResult> task, TelephonyClientOptions options, HttpMethod method, string relativePath)
        where TResult : class
    {
        TResult? result = await task.ConfigureAwait(false);

        // Refit turns an empty 200 body into null: that is a broken response, never a default value.
        return result ?? throw new TelephonyException(
            $"The response to {method} {RelativeRequestUri.Resolve(options.BaseAddress, relativePath).AbsolutePath} had an empty body where a JSON object was expected.");
    }

    /// <summary>What calls share until the next renewal. Each part is created on first use.</summary>
    internal sealed class Lease(TelephonyClientOptions options, long renewAt, Func<HttpClient> createClient, RefitSettings settings)
    {
        private HttpClient? _client;
        private TApi? _api;

        public TelephonyClientOptions Options { get; } = options;

        public long RenewAt { get; } = renewAt;

        /// <summary>The <see cref="HttpClient"/> of every call, modelled or not.</summary>
        /// <remarks>Two concurrent first uses may both create one; either is valid and the other is dropped.</remarks>
        public HttpClient Client => _client ??= createClient();

        /// <summary>The Refit client for modelled calls, over <see cref="Client"/> (Refit's source-generated implementation).</summary>
        public TApi Api => _api ??= RestService.ForGenerated<TApi>(Client, settings);
    }
}
