namespace Telephony.Samples.Worker;

/// <summary>How often the worker checks the balance, and how many times (0: until stopped).</summary>
public sealed class BalanceCheckOptions
{
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);

    public int Iterations { get; set; }

    /// <summary>Whether to log the Telephony health check after each balance check (it calls the API at most every 30 s).</summary>
    public bool ReportHealth { get; set; } = true;
}
