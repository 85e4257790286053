using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Telephony.Sdk.DependencyInjection;

namespace Telephony.Sdk.Internal;

/// <summary>
/// The client's <see cref="HttpClient"/> from <see cref="IHttpClientFactory"/>, kept between calls rather than created
/// for each one (a new <see cref="HttpClient"/>, its cancellation source and the factory's configuration callbacks on
/// every call). A call takes a new one when the client's options have changed (a reload may move <c>BaseAddress</c>) or
/// the current one is more than a second old, so a long-lived <see cref="TelephonyClient"/> follows the factory's
/// handler rotation as before. Between calls the last client keeps its handler alive; that handler's idle connections
/// still close on their own timeout.
/// </summary>
internal sealed class CachedHttpClient(IServiceProvider services, string name)
{
    private const long RenewAfterMilliseconds = 1_000;

    private readonly string _httpClientName = TelephonyClientRegistration.HttpClientNameFor(name);
    private IOptionsMonitor<TelephonyClientOptions>? _options;
    private Lease? _current;

    /// <summary>Gets the current client; validates the options first, as creating a client per call did.</summary>
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

        // A reference, so concurrent calls never see a client paired with another client's options or paths.
        var current = Volatile.Read(ref _current);
        if (current is not null && ReferenceEquals(current.Options, options) && Environment.TickCount64 < current.RenewAt)
        {
            return current;
        }

        var lease = new Lease(ClientServices.HttpClient(services, _httpClientName), options, Environment.TickCount64 + RenewAfterMilliseconds);
        Volatile.Write(ref _current, lease);
        return lease;
    }

    internal sealed class Lease(HttpClient client, TelephonyClientOptions options, long renewAt)
    {
        private readonly ConcurrentDictionary<string, Uri> _paths = new(StringComparer.Ordinal);

        public HttpClient Client { get; } = client;

        public TelephonyClientOptions Options { get; } = options;

        public long RenewAt { get; } = renewAt;

        /// <summary>The absolute address of a path the SDK itself models, resolved once per client.</summary>
        public Uri Resolve(string relativePath) =>
            _paths.GetOrAdd(relativePath, static (path, baseAddress) => RelativeRequestUri.Resolve(baseAddress, path), Client.BaseAddress);
    }
}
