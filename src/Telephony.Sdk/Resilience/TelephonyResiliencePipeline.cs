using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Telemetry;
using Polly.Timeout;
using Telephony.Sdk.Authentication;
using Telephony.Sdk.Diagnostics;
using Telephony.Sdk.RateLimiting;
using Telephony.Sdk.Retry;

namespace Telephony.Sdk.Resilience;

/// <summary>
/// Builds the SDK's pipeline on Microsoft.Extensions.Http.Resilience, from the outside in:
/// total timeout → retry → the key's rate limit (a 429's pause, the server's quota, the limit per minute, the learnt
/// pace) → per-attempt timeout.
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
            Configure(pipeline, context.ServiceProvider, options, optionsName);
        });
        return builder;
    }

    [UnconditionalSuppressMessage(
        "Trimming",
        "IL2026:RequiresUnreferencedCode",
        Justification = "AddStrategy validates the options with data annotations; KeyRateLimitStrategyOptions declares none and its members are preserved below.")]
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(KeyRateLimitStrategyOptions))]
    private static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, IServiceProvider services, TelephonyClientOptions options, string optionsName)
    {
        var settings = new PipelineContext(
            options,
            optionsName,
            services.GetService<TimeProvider>() ?? TimeProvider.System,
            services.GetService<ILoggerFactory>()?.CreateLogger("Telephony.Sdk.Resilience") ?? NullLogger.Instance,
            services.GetRequiredService<TelephonyTelemetry>(),
            services.GetRequiredService<ApiKeyAdvisor>().Logger,
            services.GetRequiredService<KeyRateLimitRegistry>());
        pipeline.TimeProvider = settings.Clock;

        // Polly's own lines for every call (each attempt) would repeat the SDK's events at Information and Warning; for this
        // pipeline they go to Debug, and a retry, which the SDK logs itself (event 2001), is not reported twice. The app's
        // other pipelines are unchanged.
        if (services.GetService<IOptions<TelemetryOptions>>()?.Value is { } telemetry)
        {
            pipeline.ConfigureTelemetry(new TelemetryOptions(telemetry)
            {
                SeverityProvider = static args => args.Event.EventName == "OnRetry" ? ResilienceEventSeverity.None : ResilienceEventSeverity.Debug,
            });
        }

        pipeline.AddTimeout(new TimeoutStrategyOptions
        {
            Name = "Telephony.TotalTimeout",
            Timeout = options.Resilience.TotalTimeout,
            TimeoutGenerator = args => ValueTask.FromResult(CallBudget.Total(args.Context.GetRequestMessage(), options.Resilience)),
        });

        pipeline.AddRetry(new RetryPolicy(settings).CreateOptions());

        pipeline.AddStrategy(_ => new KeyRateLimitStrategy(settings), new KeyRateLimitStrategyOptions());
        pipeline.AddTimeout(new TimeoutStrategyOptions { Name = "Telephony.AttemptTimeout", Timeout = options.Resilience.AttemptTimeout });
    }

    private sealed class KeyRateLimitStrategyOptions : ResilienceStrategyOptions
    {
        public KeyRateLimitStrategyOptions() => Name = "Telephony.RateLimit";
    }
}
