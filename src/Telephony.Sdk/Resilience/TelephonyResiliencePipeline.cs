using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Timeout;
using Telephony.Sdk.Diagnostics;

namespace Telephony.Sdk.Resilience;

/// <summary>
/// Builds the SDK's pipeline on Microsoft.Extensions.Http.Resilience, from the outside in:
/// total timeout → retry → coordinated server backoff and client-side rate limiter (one step) → per-attempt timeout.
/// </summary>
internal static class TelephonyResiliencePipeline
{
    public const string Name = "Telephony";

    public static IHttpClientBuilder AddTelephonyResilience(this IHttpClientBuilder builder, string optionsName)
    {
        builder.AddResilienceHandler(Name, (pipeline, context) =>
        {
            // Settings changes (for example a reloaded configuration file) rebuild the pipeline.
            context.EnableReloads<TelephonyClientOptions>(optionsName);
            var options = context.GetOptions<TelephonyClientOptions>(optionsName);
            Configure(pipeline, context.ServiceProvider, options);
        });
        return builder;
    }

    [UnconditionalSuppressMessage(
        "Trimming",
        "IL2026:RequiresUnreferencedCode",
        Justification = "AddStrategy validates the options with data annotations; KeyThrottleStrategyOptions declares none and its members are preserved below.")]
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(KeyThrottleStrategyOptions))]
    private static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, IServiceProvider services, TelephonyClientOptions options)
    {
        var timeProvider = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger("Telephony.Sdk.Resilience") ?? NullLogger.Instance;
        var resilience = options.Resilience;
        var throttles = new ThrottleResolver(KeyThrottleRegistry.For(timeProvider), options.RateLimit);
        var telemetry = services.GetRequiredService<TelephonyTelemetry>();
        pipeline.TimeProvider = timeProvider;

        pipeline.AddTimeout(new TimeoutStrategyOptions
        {
            Name = "Telephony.TotalTimeout",
            TimeoutGenerator = args =>
            {
                // The outermost step runs once per call: the right moment to start the call's clock.
                CallBudget.Start(args.Context, timeProvider);
                return ValueTask.FromResult(resilience.TotalTimeout);
            },
        });

        if (resilience.MaxRetryAttempts > 0)
        {
            pipeline.AddRetry(new RetryPolicy(resilience, timeProvider, logger).CreateOptions());
        }

        // Coordinated server backoff and the client-side rate limiter, one step per attempt.
        var permits = options.RateLimit.Enabled ? new PermitAcquirer(timeProvider, resilience.TotalTimeout, telemetry, logger) : null;
        pipeline.AddStrategy(
            context => new KeyThrottleStrategy(throttles, permits, timeProvider, resilience.TotalTimeout, telemetry, context.Telemetry, logger),
            new KeyThrottleStrategyOptions());

        pipeline.AddTimeout(new TimeoutStrategyOptions { Name = "Telephony.AttemptTimeout", Timeout = resilience.AttemptTimeout });
    }

    private sealed class KeyThrottleStrategyOptions : ResilienceStrategyOptions
    {
        public KeyThrottleStrategyOptions() => Name = "Telephony.RateLimit";
    }
}
