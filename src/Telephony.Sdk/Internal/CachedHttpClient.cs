using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Telephony.Sdk.DependencyInjection;

namespace Telephony.Sdk.Internal;

/// <summary>
/// The client's <see cref="HttpClient"/> from <see cref="IHttpClientFactory"/> and its Refit contract
/// (<see cref="ITelephonyApi"/>, resolved from the container), kept between calls rather than created for each one (a
/// new <see cref="HttpClient"/>, its cancellation source, the factory's configuration callbacks and a new Refit client
/// on every call). A call takes new ones when the client's options have changed (a reload may move <c>BaseAddress</c>)
/// or the current ones are more than a second old, so a long-lived <see cref="TelephonyClient"/> follows the factory's
/// handler rotation as before. Between calls the last client keeps its handler alive; that handler's idle connections
/// still close on their own timeout.
/// </summary>
internal sealed class CachedHttpClient(IServiceProvider services, string name)
{
    private const long RenewAfterMilliseconds = 1_000;

    private readonly string _httpClientName = TelephonyClientRegistration.HttpClientNameFor(name);
    private IOptionsMonitor<TelephonyClientOptions>? _options;
    private Lease? _current;

    /// <summary>Gets the current lease; validates the options first, as creating a client per call did.</summary>
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
        if (current is not null && ReferenceEquals(current.Options, options) && Environment.TickCount64 < current.RenewAt)
        {
            return current;
        }

        var lease = new Lease(this, options, Environment.TickCount64 + RenewAfterMilliseconds);
        Volatile.Write(ref _current, lease);
        return lease;
    }

    private HttpClient CreateClient() => ClientServices.HttpClient(services, _httpClientName);

    private ITelephonyApi CreateApi() => ClientServices.Api(services, name);

    /// <summary>What calls share until the next renewal. Each part is created on first use.</summary>
    internal sealed class Lease(CachedHttpClient owner, TelephonyClientOptions options, long renewAt)
    {
        private HttpClient? _client;
        private ITelephonyApi? _api;

        public TelephonyClientOptions Options { get; } = options;

        public long RenewAt { get; } = renewAt;

        /// <summary>The <see cref="HttpClient"/> for requests the SDK does not model.</summary>
        /// <remarks>Two concurrent first uses may both create one; either is valid and the other is dropped.</remarks>
        public HttpClient Client => _client ??= owner.CreateClient();

        /// <summary>The Refit client (with its own <see cref="HttpClient"/> from the same factory) for modelled calls.</summary>
        public ITelephonyApi Api => _api ??= owner.CreateApi();
    }
}
