using Microsoft.Extensions.Diagnostics.HealthChecks;
using Telephony.Sdk;
using Telephony.Sdk.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers a health check of a Telephony client's key and of the API's reachability.</summary>
public static class TelephonyHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds a check of the default Telephony client (<c>AddTelephonyClient()</c>): Healthy when the API answers the balance
    /// call with the configured key, Degraded while the key is rate limited, Unhealthy when the key is refused (401, 403),
    /// the API cannot be reached or does not answer in time. The API is called at most once per
    /// <see cref="TelephonyHealthCheckOptions.Interval"/>; the result's data holds the key's kind and environment and the
    /// last status, never the key.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="configure">Adjusts the check's name, interval, timeout and tags.</param>
    /// <returns>The builder, to chain more checks.</returns>
    /// <exception cref="ArgumentException">The interval or timeout is out of range; the message says which.</exception>
    public static IHealthChecksBuilder AddTelephonyHealthCheck(this IHealthChecksBuilder builder, Action<TelephonyHealthCheckOptions>? configure = null) =>
        AddTelephonyHealthCheck(builder, Options.Options.DefaultName, configure);

    /// <summary>Adds a check of the named Telephony client (<c>AddTelephonyClient(name, …)</c>); see the overload without a name.</summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="clientName">The client's name, as registered.</param>
    /// <param name="configure">Adjusts the check's name (default <c>telephony-&lt;client name&gt;</c>), interval, timeout and tags.</param>
    /// <returns>The builder, to chain more checks.</returns>
    /// <exception cref="ArgumentException">The interval or timeout is out of range; the message says which.</exception>
    public static IHealthChecksBuilder AddTelephonyHealthCheck(
        this IHealthChecksBuilder builder, string clientName, Action<TelephonyHealthCheckOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(clientName);
        var options = new TelephonyHealthCheckOptions();
        configure?.Invoke(options);
        // Two ranges, checked by hand: DataAnnotations' validator is not trim-safe.
        if (options.Interval < TimeSpan.FromSeconds(1) || options.Interval > TimeSpan.FromDays(1))
        {
            throw new ArgumentException($"TelephonyHealthCheckOptions.Interval is {options.Interval}; it must be from 00:00:01 to 1.00:00:00.", nameof(configure));
        }

        if (options.Timeout < TimeSpan.FromMilliseconds(10) || options.Timeout > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentException($"TelephonyHealthCheckOptions.Timeout is {options.Timeout}; it must be from 00:00:00.010 to 00:10:00.", nameof(configure));
        }

        var name = options.Name ?? (clientName.Length == 0 ? "telephony" : "telephony-" + clientName);
        builder.Services.AddKeyedSingleton(name, (services, _) => new TelephonyHealthCheck(services, clientName, options));
        return builder.Add(new HealthCheckRegistration(
            name, services => services.GetRequiredKeyedService<TelephonyHealthCheck>(name), failureStatus: null, options.Tags));
    }
}
