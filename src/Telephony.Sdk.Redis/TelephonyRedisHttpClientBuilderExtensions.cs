using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using Telephony.Sdk;
using Telephony.Sdk.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Shares a Telephony client's per-key rate limit between app instances through Redis.</summary>
public static class TelephonyRedisHttpClientBuilderExtensions
{
    /// <summary>
    /// Makes every instance of the app take its permits for an API key from one Redis-backed limiter, so all of them
    /// together stay under the key's limit (<see cref="TelephonyRateLimitOptions.PermitsPerMinute"/>), and a 429 with
    /// <c>Retry-After</c> pauses the key on every instance. While Redis is unreachable each instance falls back to its
    /// in-process limiter (one warning per outage) and returns to Redis when it answers again.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddTelephonyClient</c>.</param>
    /// <param name="redisConfiguration">A StackExchange.Redis configuration string, for example <c>redis:6379,password=…</c>.</param>
    /// <param name="configure">Optional: changes <see cref="TelephonyRedisRateLimitOptions"/>.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The configuration string or an option is not valid.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="builder"/> is not the builder of a Telephony client.</exception>
    public static IHttpClientBuilder UseRedisRateLimit(
        this IHttpClientBuilder builder, string redisConfiguration, Action<TelephonyRedisRateLimitOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(redisConfiguration);

        ConfigurationOptions configuration;
        try
        {
            configuration = ConfigurationOptions.Parse(redisConfiguration);
        }
        catch (ArgumentException ex)
        {
            // The message of the parser may quote the string, which can hold a password.
            throw new ArgumentException(
                $"The Redis configuration string is not valid ({ex.GetType().Name}). Expected a StackExchange.Redis configuration such as \"localhost:6379\".",
                nameof(redisConfiguration));
        }

        if (configuration.EndPoints.Count == 0)
        {
            throw new ArgumentException(
                "The Redis configuration string names no server. Expected a StackExchange.Redis configuration such as \"localhost:6379\".",
                nameof(redisConfiguration));
        }

        // Start even when Redis is down (the in-process limiter covers for it) and keep reconnecting in the background.
        configuration.AbortOnConnectFail = false;
        return builder.UseRedisRateLimit(
            _ => async () => await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false),
            ownsConnection: true,
            configure);
    }

    /// <summary>
    /// Makes every instance of the app take its permits for an API key from one Redis-backed limiter through a
    /// connection the app already has. See <see cref="UseRedisRateLimit(IHttpClientBuilder, string, Action{TelephonyRedisRateLimitOptions}?)"/>.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddTelephonyClient</c>.</param>
    /// <param name="connection">The app's Redis connection; the app keeps owning it. Create it with <c>AbortOnConnectFail=false</c> so that the app starts while Redis is down.</param>
    /// <param name="configure">Optional: changes <see cref="TelephonyRedisRateLimitOptions"/>.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is not valid.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="builder"/> is not the builder of a Telephony client.</exception>
    public static IHttpClientBuilder UseRedisRateLimit(
        this IHttpClientBuilder builder, IConnectionMultiplexer connection, Action<TelephonyRedisRateLimitOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(connection);
        return builder.UseRedisRateLimit(_ => () => Task.FromResult(connection), ownsConnection: false, configure);
    }

    /// <summary>
    /// Makes every instance of the app take its permits for an API key from one Redis-backed limiter through a
    /// connection taken from the app's services. See <see cref="UseRedisRateLimit(IHttpClientBuilder, string, Action{TelephonyRedisRateLimitOptions}?)"/>.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddTelephonyClient</c>.</param>
    /// <param name="connectionFactory">Returns the app's Redis connection, for example <c>sp =&gt; sp.GetRequiredService&lt;IConnectionMultiplexer&gt;()</c>; called once, at the first request.</param>
    /// <param name="configure">Optional: changes <see cref="TelephonyRedisRateLimitOptions"/>.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is not valid.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="builder"/> is not the builder of a Telephony client.</exception>
    public static IHttpClientBuilder UseRedisRateLimit(
        this IHttpClientBuilder builder, Func<IServiceProvider, IConnectionMultiplexer> connectionFactory, Action<TelephonyRedisRateLimitOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(connectionFactory);
        return builder.UseRedisRateLimit(sp => () => Task.FromResult(connectionFactory(sp)), ownsConnection: false, configure);
    }

    private static IHttpClientBuilder UseRedisRateLimit(
        this IHttpClientBuilder builder,
        Func<IServiceProvider, Func<Task<IConnectionMultiplexer>>> connect,
        bool ownsConnection,
        Action<TelephonyRedisRateLimitOptions>? configure)
    {
        var options = new TelephonyRedisRateLimitOptions();
        configure?.Invoke(options);
        options.Validate();

        var fleetKey = builder.Name;
        builder.Services.AddKeyedSingleton(fleetKey, (sp, _) => new RedisRateLimitFleet(
            connect(sp),
            ownsConnection,
            options,
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            (sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger("Telephony.Sdk.Redis")));
        return builder.ConfigureTelephonyClient((telephony, sp) =>
            telephony.RateLimit.LimiterFactory = sp.GetRequiredKeyedService<RedisRateLimitFleet>(fleetKey).CreateLimiter);
    }
}
