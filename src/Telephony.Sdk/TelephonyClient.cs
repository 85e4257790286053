using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Telephony.Sdk.Internal;
using Telephony.Sdk.RateLimiting;

namespace Telephony.Sdk;

/// <summary>
/// The entry point to the Telephony.io API. Authenticates every request with the configured key.
/// </summary>
/// <remarks>
/// In an app with dependency injection, register it with <c>services.AddTelephonyClient(…)</c> and inject it;
/// it is thread-safe and registered as a singleton. Without DI, create one with <see cref="TelephonyClient(string)"/>
/// or <see cref="TelephonyClient(TelephonyClientOptions)"/>, keep it for the life of the app, and dispose it at the end.
/// </remarks>
public class TelephonyClient : IDisposable
{
    private static readonly JsonTypeInfo<JsonElement> JsonElementType =
        TelephonyJsonContext.Default.JsonElement;

    private readonly AccountOperations? _account;
    private readonly TelephonyRequestSender? _sender;
    private readonly ServiceProvider? _ownedServices;
    private readonly Func<string?, TelephonyRateLimitState>? _rateLimitState;

    /// <summary>Initializes a new instance of the <see cref="TelephonyClient"/> class with an API key and default settings.</summary>
    /// <param name="apiKey">The API key, e.g. from an environment variable. Never hard-code it.</param>
    /// <exception cref="ArgumentException">The key is missing or blank.</exception>
    public TelephonyClient(string apiKey)
        : this(new TelephonyClientOptions { ApiKey = apiKey }, nameof(apiKey))
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TelephonyClient"/> class with the given settings.</summary>
    /// <param name="options">The settings. They are copied: later changes to the object do not affect this client.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The settings are invalid; the message says which and how to fix it.</exception>
    public TelephonyClient(TelephonyClientOptions options)
        : this(options ?? throw new ArgumentNullException(nameof(options)), nameof(options))
    {
    }

    private TelephonyClient(TelephonyClientOptions options, string parameterName)
        : this(OwnServices(options, parameterName), Options.DefaultName, ownsServices: true)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TelephonyClient"/> class for mocking.</summary>
    protected TelephonyClient()
    {
    }

    internal TelephonyClient(IServiceProvider services, string name, bool ownsServices = false)
    {
        var invoker = new TelephonyApiInvoker<ITelephonyApi>(services, name, RefitSettingsFactory.Default);
        (_account, _sender) = (new AccountOperations(invoker), new TelephonyRequestSender(invoker));
        _rateLimitState = apiKey => RateLimitStateLookup.For(services, name, apiKey);
        _ownedServices = ownsServices ? (ServiceProvider)services : null;
    }

    /// <summary>Gets the operations on the account that owns the API key.</summary>
    public virtual AccountOperations Account =>
        _account ?? throw new InvalidOperationException("This instance was created for mocking; override the member you call.");

    /// <summary>
    /// Sends a request to an endpoint the SDK does not model yet, with the same authentication, handlers and error
    /// mapping as the typed operations, and returns the response's JSON.
    /// </summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The path relative to <see cref="TelephonyClientOptions.BaseAddress"/>, e.g. <c>account/balance</c>; it may carry a query.</param>
    /// <param name="content">The request body, e.g. <c>JsonContent.Create(value, MyJsonContext.Default.MyType)</c>, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response's JSON; an element of kind <see cref="JsonValueKind.Undefined"/> when the body is empty.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is blank or points outside the API's base address.</exception>
    /// <exception cref="TelephonyApiException">The API answered with an error status (a subclass says which).</exception>
    /// <exception cref="TelephonyException">The response was not JSON, or the API could not be reached.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public virtual Task<JsonElement> SendAsync(
        HttpMethod method,
        string path,
        HttpContent? content = null,
        CancellationToken cancellationToken = default) =>
        Sender.SendAsync(method, path, content, JsonElementType, null, cancellationToken);

    /// <summary>
    /// Sends a request to an endpoint the SDK does not model yet with settings for this call (its key, time budget,
    /// <c>Idempotency-Key</c> and headers), and returns the response's JSON.
    /// </summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The path relative to <see cref="TelephonyClientOptions.BaseAddress"/>; it may carry a query.</param>
    /// <param name="content">The request body, or <see langword="null"/>.</param>
    /// <param name="options">This call's settings.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response's JSON; an element of kind <see cref="JsonValueKind.Undefined"/> when the body is empty.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is blank or points outside the API's base address.</exception>
    /// <exception cref="TelephonyApiException">The API answered with an error status (a subclass says which).</exception>
    /// <exception cref="TelephonyException">The call's key is invalid or not allowed here, the response was not JSON, or the API could not be reached.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public virtual Task<JsonElement> SendAsync(
        HttpMethod method,
        string path,
        HttpContent? content,
        TelephonyRequestOptions options,
        CancellationToken cancellationToken = default) =>
        Sender.SendAsync(method, path, content, JsonElementType, options ?? throw new ArgumentNullException(nameof(options)), cancellationToken);

    /// <summary>
    /// Sends a request you built (for example with an <c>Idempotency-Key</c> header) to an endpoint the SDK does not model
    /// yet, with the same authentication, handlers, retries and error mapping as the typed operations.
    /// </summary>
    /// <param name="request">The request; its <see cref="HttpRequestMessage.RequestUri"/> is a path relative to <see cref="TelephonyClientOptions.BaseAddress"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response's JSON; an element of kind <see cref="JsonValueKind.Undefined"/> when the body is empty.</returns>
    /// <exception cref="ArgumentException">
    /// The request's path is missing or points outside the API's base address, or the request carries its own
    /// <c>Authorization</c> header (the SDK never replaces it: pass another key as <see cref="TelephonyRequestOptions.ApiKey"/>).
    /// </exception>
    /// <exception cref="TelephonyApiException">The API answered with an error status (a subclass says which).</exception>
    /// <exception cref="TelephonyException">The response was not JSON, or the API could not be reached.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public virtual Task<JsonElement> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken = default) =>
        Sender.SendAsync(request, JsonElementType, null, cancellationToken);

    /// <summary>
    /// Sends a request you built to an endpoint the SDK does not model yet, with settings for this call (its key, time
    /// budget, <c>Idempotency-Key</c> and headers).
    /// </summary>
    /// <param name="request">The request; its <see cref="HttpRequestMessage.RequestUri"/> is a path relative to <see cref="TelephonyClientOptions.BaseAddress"/>.</param>
    /// <param name="options">This call's settings.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response's JSON; an element of kind <see cref="JsonValueKind.Undefined"/> when the body is empty.</returns>
    /// <exception cref="ArgumentException">
    /// The request's path is missing or points outside the API's base address, or the request carries its own
    /// <c>Authorization</c> header (pass the key as <see cref="TelephonyRequestOptions.ApiKey"/> instead).
    /// </exception>
    /// <exception cref="TelephonyApiException">The API answered with an error status (a subclass says which).</exception>
    /// <exception cref="TelephonyException">The call's key is invalid or not allowed here, the response was not JSON, or the API could not be reached.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public virtual Task<JsonElement> SendAsync(HttpRequestMessage request, TelephonyRequestOptions options, CancellationToken cancellationToken = default) =>
        Sender.SendAsync(request, JsonElementType, options ?? throw new ArgumentNullException(nameof(options)), cancellationToken);

    /// <summary>
    /// Sends a request to an endpoint the SDK does not model yet and reads the response as <typeparamref name="TResult"/>
    /// with source-generated JSON metadata (trim- and AOT-safe).
    /// </summary>
    /// <typeparam name="TResult">The type of the response body.</typeparam>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The path relative to <see cref="TelephonyClientOptions.BaseAddress"/>; it may carry a query.</param>
    /// <param name="content">The request body, or <see langword="null"/>.</param>
    /// <param name="responseType">The JSON metadata of <typeparamref name="TResult"/>, e.g. <c>MyJsonContext.Default.MyType</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response body; <see langword="default"/> when it is empty.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is blank or points outside the API's base address.</exception>
    /// <exception cref="TelephonyApiException">The API answered with an error status (a subclass says which).</exception>
    /// <exception cref="TelephonyException">The response was not the expected JSON, or the API could not be reached.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public virtual Task<TResult?> SendAsync<TResult>(
        HttpMethod method,
        string path,
        HttpContent? content,
        JsonTypeInfo<TResult> responseType,
        CancellationToken cancellationToken = default) =>
        Sender.SendAsync(method, path, content, responseType, null, cancellationToken);

    /// <summary>
    /// Sends a request to an endpoint the SDK does not model yet, with settings for this call, and reads the response
    /// as <typeparamref name="TResult"/> with source-generated JSON metadata (trim- and AOT-safe).
    /// </summary>
    /// <typeparam name="TResult">The type of the response body.</typeparam>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The path relative to <see cref="TelephonyClientOptions.BaseAddress"/>; it may carry a query.</param>
    /// <param name="content">The request body, or <see langword="null"/>.</param>
    /// <param name="responseType">The JSON metadata of <typeparamref name="TResult"/>, e.g. <c>MyJsonContext.Default.MyType</c>.</param>
    /// <param name="options">This call's settings.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response body; <see langword="default"/> when it is empty.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is blank or points outside the API's base address.</exception>
    /// <exception cref="TelephonyApiException">The API answered with an error status (a subclass says which).</exception>
    /// <exception cref="TelephonyException">The call's key is invalid or not allowed here, the response was not the expected JSON, or the API could not be reached.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public virtual Task<TResult?> SendAsync<TResult>(
        HttpMethod method,
        string path,
        HttpContent? content,
        JsonTypeInfo<TResult> responseType,
        TelephonyRequestOptions options,
        CancellationToken cancellationToken = default) =>
        Sender.SendAsync(method, path, content, responseType, options ?? throw new ArgumentNullException(nameof(options)), cancellationToken);

    /// <summary>
    /// Gets what the SDK knows about the rate limit of this client's API key: the limit and where it comes from (the
    /// documented default, your configuration, the server's headers, or 429s), the pace it sends at, what the server
    /// said remains and when it resets, and any pause a 429 imposed. Clients that share a key and a server share this state.
    /// </summary>
    /// <returns>A snapshot; it never holds the key.</returns>
    /// <exception cref="TelephonyConfigurationException">The client's settings are invalid.</exception>
    public virtual TelephonyRateLimitState GetRateLimitState() => RateLimitState(null);

    /// <summary>
    /// Gets what the SDK knows about the rate limit of <paramref name="apiKey"/> at this client's server, as for a key
    /// passed in <see cref="TelephonyRequestOptions.ApiKey"/>: each key has its own state.
    /// </summary>
    /// <param name="apiKey">The key; it is never stored by this call or shown whole.</param>
    /// <returns>A snapshot; it never holds the key. For a key not used yet (or idle long enough to be forgotten), what its first call will start from.</returns>
    /// <exception cref="ArgumentException"><paramref name="apiKey"/> is blank or not a Telephony.io key.</exception>
    /// <exception cref="TelephonyConfigurationException">The client's settings are invalid.</exception>
    public virtual TelephonyRateLimitState GetRateLimitState(string apiKey)
    {
        if (!TelephonyApiKey.TryParse(apiKey, out _, out var error))
        {
            throw new ArgumentException($"The key is invalid: {error}", nameof(apiKey));
        }

        return RateLimitState(apiKey);
    }

    /// <summary>Releases the connections this client owns. A client resolved from a container is released by the container.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    private TelephonyRateLimitState RateLimitState(string? apiKey) =>
        ClientServices.Resolve(() => (_rateLimitState ?? throw new InvalidOperationException("This instance was created for mocking; override the member you call."))(apiKey));

    private TelephonyRequestSender Sender =>
        _sender ?? throw new InvalidOperationException("This instance was created for mocking; override the member you call.");

    /// <summary>Builds the client's own services; invalid settings are an <see cref="ArgumentException"/> for <paramref name="parameterName"/>, the caller's argument.</summary>
    private static ServiceProvider OwnServices(TelephonyClientOptions options, string parameterName)
    {
        var snapshot = options.Clone();
        var services = new ServiceCollection();
        // The client owns its handler for its whole life: a handler rotation timer would keep the handler, its pipeline
        // and the key's rate-limit state alive for minutes after Dispose. Connections are still renewed (DNS changes).
        var http = services.AddTelephonyClient(static _ => { }).SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        services.AddSingleton<IOptionsFactory<TelephonyClientOptions>>(sp => new SnapshotOptionsFactory(
            snapshot,
            sp.GetServices<IConfigureOptions<TelephonyClientOptions>>(),
            sp.GetServices<IPostConfigureOptions<TelephonyClientOptions>>(),
            sp.GetServices<IValidateOptions<TelephonyClientOptions>>()));
        if (SocketsHttpHandler.IsSupported && !OperatingSystem.IsAndroid() && !OperatingSystem.IsIOS() && !OperatingSystem.IsMacCatalyst())
        {
            http.ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
        }

        var provider = services.BuildServiceProvider();
        try
        {
            _ = provider.GetRequiredService<IOptionsMonitor<TelephonyClientOptions>>().CurrentValue;
            return provider;
        }
        catch (OptionsValidationException e)
        {
            provider.Dispose();
            throw new ArgumentException(string.Join(" ", e.Failures), parameterName);
        }
    }

    /// <summary>Releases the resources of this client.</summary>
    /// <param name="disposing"><see langword="true"/> when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _ownedServices?.Dispose();
        }
    }

    /// <summary>Starts every options instance from a copy of the settings given to the constructor; the SDK's own checks still run.</summary>
    private sealed class SnapshotOptionsFactory(
        TelephonyClientOptions snapshot,
        IEnumerable<IConfigureOptions<TelephonyClientOptions>> setups,
        IEnumerable<IPostConfigureOptions<TelephonyClientOptions>> postConfigures,
        IEnumerable<IValidateOptions<TelephonyClientOptions>> validations)
        : OptionsFactory<TelephonyClientOptions>(setups, postConfigures, validations)
    {
        protected override TelephonyClientOptions CreateInstance(string name) => snapshot.Clone();
    }
}
