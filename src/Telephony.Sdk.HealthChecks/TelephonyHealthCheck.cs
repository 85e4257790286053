using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Telephony.Sdk.HealthChecks;

/// <summary>
/// Calls the balance endpoint with a client's key at most once per interval and reports Healthy (answered), Degraded
/// (rate limited or paused after a 429) or the registration's failure status (key refused, unreachable, no answer in time).
/// One instance per registered check, so the last result is shared by every probe.
/// </summary>
/// <remarks>
/// An expected failure (the API answered with an error, could not be reached or did not answer in time, or the settings
/// are invalid) is reported in one line, with no exception: a health report is logged at every failed probe, and the
/// SDK's stack trace (Refit's and Polly's frames) says nothing the line does not. Any other failure (a handler of the
/// app's threw, say) keeps its exception, whose stack trace is then the way to the cause.
/// </remarks>
internal sealed class TelephonyHealthCheck(IServiceProvider services, string clientName, TelephonyHealthCheckOptions options) : IHealthCheck
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TimeProvider _clock = services.GetService<TimeProvider>() ?? TimeProvider.System;
    private HealthCheckResult? _last;
    private DateTimeOffset _checkedAt;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // One probe at a time: probes that arrive while the call runs get its result instead of a call of their own.
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = _clock.GetUtcNow();
            if (_last is { } last && now - _checkedAt < options.Interval)
            {
                return last;
            }

            var result = await ProbeAsync(context.Registration.FailureStatus, now, cancellationToken).ConfigureAwait(false);
            (_last, _checkedAt) = (result, now);
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<HealthCheckResult> ProbeAsync(HealthStatus failureStatus, DateTimeOffset now, CancellationToken cancellationToken)
    {
        TelephonyClient client;
        TelephonyApiKey key;
        try
        {
            _ = TelephonyApiKey.TryParse(services.GetRequiredService<IOptionsMonitor<TelephonyClientOptions>>().Get(clientName).ApiKey, out key);
            client = services.GetRequiredService<ITelephonyClientFactory>().CreateClient(clientName);
        }
        catch (OptionsValidationException e)
        {
            return new HealthCheckResult(
                failureStatus, OneLine("The Telephony client's settings are invalid: " + string.Join(" ", e.Failures)), data: Data(default, "invalid settings", now));
        }

        // A key the SDK holds back after a 429 would only wait: report it without spending a request.
        if (PausedUntil(client, now) is { } paused)
        {
            return Degraded(key, paused, now);
        }

        using var timeout = _clock.CreateCancellationTokenSource(options.Timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            await client.Account.GetBalanceAsync(linked.Token).ConfigureAwait(false);
            return HealthCheckResult.Healthy("Telephony.io answered the balance call.", Data(key, "200", now));
        }
        catch (TelephonyRateLimitException e)
        {
            return new HealthCheckResult(HealthStatus.Degraded, OneLine("The API key is rate limited: " + e.Message), data: Data(key, "429", now));
        }
        catch (TelephonyApiException e)
        {
            var status = ((int)e.StatusCode).ToString(CultureInfo.InvariantCulture);
            return new HealthCheckResult(failureStatus, OneLine(e.Message), data: Data(key, status, now));
        }
        catch (TelephonyException e) when (e is TelephonyTimeoutException or TelephonyConnectionException or TelephonyConfigurationException)
        {
            var status = e is TelephonyTimeoutException ? "timeout" : e is TelephonyConnectionException ? "connection failure" : "invalid settings";
            return new HealthCheckResult(failureStatus, OneLine(e.Message), data: Data(key, status, now));
        }
        catch (TelephonyException e)
        {
            return new HealthCheckResult(failureStatus, e.Message, e, Data(key, "failed", now));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The SDK may have been holding the call for the key's rate limit rather than waiting for the server.
            return PausedUntil(client, _clock.GetUtcNow()) is { } pausedNow
                ? Degraded(key, pausedNow, now)
                : new HealthCheckResult(failureStatus, $"Telephony.io did not answer within {options.Timeout}.", data: Data(key, "timeout", now));
        }
    }

    private static DateTimeOffset? PausedUntil(TelephonyClient client, DateTimeOffset now)
    {
        var state = client.GetRateLimitState();
        return state.PausedUntil > now ? state.PausedUntil
            : state is { Remaining: 0, ResetsAt: { } reset } && reset > now ? reset
            : null;
    }

    // A message quoting a server's text may hold a line break; a health report's description is one line. (No TrimEntries:
    // .NET Framework's Split refuses it.)
    private static string OneLine(string text) =>
        string.Join(" ", text.Split(['\r', '\n']).Select(static line => line.Trim()).Where(static line => line.Length > 0));

    private static HealthCheckResult Degraded(TelephonyApiKey key, DateTimeOffset until, DateTimeOffset now) =>
        HealthCheckResult.Degraded($"The API key is rate limited until {until:u}.", data: Data(key, "rate limited", now));

    // The key's kind and environment, never the key.
    private static Dictionary<string, object> Data(TelephonyApiKey key, string status, DateTimeOffset checkedAt) => new(StringComparer.Ordinal)
    {
        ["kind"] = key.Kind.ToString(),
        ["environment"] = key.Environment.ToString(),
        ["lastStatus"] = status,
        ["checkedAt"] = checkedAt,
    };
}
