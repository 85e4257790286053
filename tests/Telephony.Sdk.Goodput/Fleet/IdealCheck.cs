using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Telephony.Sdk.Testing;

namespace Telephony.Sdk.Goodput.Fleet;

/// <summary>
/// Checks the ideal that the fleet matrix divides HAProxy's cells by (<c>--fleet --check-ideal</c>): a single sender
/// with no SDK sends a cell's calls on a fixed schedule, to a fresh HAProxy for each schedule, and counts the 429s.
/// Schedules that finish sooner than the ideal draw 429s; the ideal's own schedule draws none. The sender never waits for
/// an answer before the next send, and a refused call is not sent again: only the schedule is measured.
/// </summary>
internal static class IdealCheck
{
    // Sent after each scheduled instant of the paced part, so that HAProxy's period, which starts at the first request it
    // sees, has certainly begun before the request that the schedule places at its start.
    private static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(50);

    public static async Task<int> RunAsync()
    {
        var cell = new FleetCell(FleetServer.HAProxy, 10, RetryAfter: true, Headers: false);
        var step = TimeSpan.FromSeconds(1.0 / cell.PerSecond);
        var windowsIdeal = (cell with { Server = FleetServer.FixedWindow }).Ideal;
        (string Name, TimeSpan PacedFrom, TimeSpan Step)[] schedules =
        [
            ("a period at once, the rest at the rate right after it (the windows' ideal)", step, step),
            ("a period at once, the rest at the rate from the middle of the period", (FleetCell.Period / 2) + step, step),
            ("a period at once, the rest at 1.1 × the rate once the period has ended", FleetCell.Period + step, step / 1.1),
            ("a period at once, the rest at the rate once the period has ended (HAProxy's ideal)", FleetCell.Period + step, step),
        ];

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"## HAProxy's ideal: {cell.Calls} calls at {cell.PerSecond} r/s, a period of {FleetCell.Period.TotalSeconds:F0} s, one sender on a fixed schedule"));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"The windows' ideal is {windowsIdeal.TotalSeconds:F1} s; the ideal the matrix uses for HAProxy is {cell.Ideal.TotalSeconds:F1} s."));
        Console.WriteLine();
        Console.WriteLine("| schedule | last call sent at | 429s |");
        Console.WriteLine("|---|---|---|");
        foreach (var (name, pacedFrom, interval) in schedules)
        {
            var (last, refused) = await SendAsync(cell, interval, pacedFrom);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {last.TotalSeconds:F1} s | {refused} of {cell.Calls} |"));
        }

        return 0;
    }

    private static async Task<(TimeSpan Last, int Refused)> SendAsync(FleetCell cell, TimeSpan step, TimeSpan pacedFrom)
    {
        const string apiKey = "sk_test_idealcheck_0000000000001";
        await using var fake = await TelephonyFakeServer.StartAsync(o =>
        {
            o.Keys[apiKey] = 1m;
            o.KeyRateLimits[apiKey] = 1_000_000;
        });
        await using var haproxy = await RealLimiter.StartAsync(cell, fake.BaseAddress);
        using var http = new HttpClient { BaseAddress = haproxy.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);

        var clock = Stopwatch.StartNew();
        var sends = new List<Task<HttpStatusCode>>();
        var last = TimeSpan.Zero;
        for (var i = 0; i < cell.Calls; i++)
        {
            var at = i < cell.PerPeriod ? TimeSpan.Zero : pacedFrom + (step * (i - cell.PerPeriod)) + Margin;
            if (at > clock.Elapsed)
            {
                await Task.Delay(at - clock.Elapsed);
            }

            last = clock.Elapsed;
            sends.Add(SendOneAsync(http));
        }

        var statuses = await Task.WhenAll(sends);
        var refused = statuses.Count(s => s == HttpStatusCode.TooManyRequests);
        if (statuses.Any(s => s is not HttpStatusCode.OK and not HttpStatusCode.TooManyRequests))
        {
            throw new InvalidOperationException("HAProxy answered something other than 200 or 429: " + string.Join(", ", statuses.Distinct()));
        }

        return (last, refused);
    }

    private static async Task<HttpStatusCode> SendOneAsync(HttpClient http)
    {
        using var response = await http.GetAsync(new Uri("account/balance", UriKind.Relative));
        return response.StatusCode;
    }
}
