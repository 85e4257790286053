using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telephony.Sdk.Internal;

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
    private readonly AccountOperations? _account;
    private readonly ServiceProvider? _ownedServices;

    /// <summary>Initializes a new instance of the <see cref="TelephonyClient"/> class with an API key and default settings.</summary>
    /// <param name="apiKey">The API key, e.g. from an environment variable. Never hard-code it.</param>
    /// <exception cref="ArgumentException">The key is missing or blank.</exception>
    public TelephonyClient(string apiKey)
        : this(new TelephonyClientOptions { ApiKey = apiKey })
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TelephonyClient"/> class with the given settings.</summary>
    /// <param name="options">The settings. They are copied: later changes to the object do not affect this client.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The settings are invalid; the message says which and how to fix it.</exception>
    public TelephonyClient(TelephonyClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        var snapshot = options.Clone();
        var services = new ServiceCollection();
        services.AddLogging(static logging => logging.ClearProviders());
        services.AddTelephonyClient(snapshot.CopyTo);
        _ownedServices = services.BuildServiceProvider();

        try
        {
            _ = _ownedServices.GetRequiredService<IOptionsMonitor<TelephonyClientOptions>>().CurrentValue;
        }
        catch (OptionsValidationException e)
        {
            _ownedServices.Dispose();
            throw new ArgumentException(string.Join(" ", e.Failures), nameof(options));
        }

        _account = new AccountOperations(new TelephonyApiInvoker(_ownedServices));
    }

    /// <summary>Initializes a new instance of the <see cref="TelephonyClient"/> class for mocking.</summary>
    protected TelephonyClient()
    {
    }

    internal TelephonyClient(TelephonyApiInvoker invoker) => _account = new AccountOperations(invoker);

    /// <summary>Gets the operations on the account that owns the API key.</summary>
    public virtual AccountOperations Account =>
        _account ?? throw new InvalidOperationException("This instance was created for mocking; override the member you call.");

    /// <summary>Releases the connections this client owns. A client resolved from a container is released by the container.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
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
}
