using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Telephony.Sdk;

namespace Telephony.Samples.Worker;

/// <summary>Logs the balance on an interval; a rejected key or an outage is logged and the worker keeps going.</summary>
public sealed partial class BalanceCheckWorker(
    TelephonyClient client,
    IOptions<BalanceCheckOptions> options,
    IHostApplicationLifetime lifetime,
    HealthCheckService health,
    ILogger<BalanceCheckWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var timer = new PeriodicTimer(settings.Interval);
        var checks = 0;
        do
        {
            await CheckOnceAsync(stoppingToken);
            if (settings.ReportHealth)
            {
                var report = await health.CheckHealthAsync(stoppingToken);
                var telephony = report.Entries["telephony"];
                LogHealth(logger, telephony.Status, telephony.Data.GetValueOrDefault("lastStatus")?.ToString());
            }
            if (settings.Iterations > 0 && ++checks >= settings.Iterations)
            {
                lifetime.StopApplication();
                return;
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task CheckOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            var balance = await client.Account.GetBalanceAsync(cancellationToken);
            LogBalance(logger, balance.Balance.ToString(CultureInfo.InvariantCulture));
        }
        catch (TelephonyAuthenticationException e)
        {
            LogRejected(logger, e.ErrorMessage);
        }
        catch (TelephonyException e) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, e.Message);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Balance: {Balance}")]
    private static partial void LogBalance(ILogger logger, string balance);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Telephony.io rejected the API key: {Reason}")]
    private static partial void LogRejected(ILogger logger, string? reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Health of Telephony.io: {Status} (last status {LastStatus})")]
    private static partial void LogHealth(ILogger logger, HealthStatus status, string? lastStatus);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Balance check failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
