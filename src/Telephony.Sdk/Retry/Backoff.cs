namespace Telephony.Sdk.Retry;

/// <summary>The exponential backoff that transient retries and a key's pause after repeated 429s share.</summary>
internal static class Backoff
{
    /// <summary>
    /// <paramref name="baseDelay"/> doubled for every try after the first (at most 2^16 times), scaled by
    /// <paramref name="jitter"/>, and never more than <paramref name="maxDelay"/>.
    /// </summary>
    /// <param name="baseDelay">The first delay.</param>
    /// <param name="attempt">Which try this delay precedes: 1 for the first.</param>
    /// <param name="maxDelay">The cap.</param>
    /// <param name="jitter">A factor around 1 so that callers failing together do not retry together; 1 for none.</param>
    public static TimeSpan Exponential(TimeSpan baseDelay, int attempt, TimeSpan maxDelay, double jitter = 1)
    {
        var delay = baseDelay * Math.Pow(2, Math.Clamp(attempt - 1, 0, 16)) * jitter;
        return delay < maxDelay ? delay : maxDelay;
    }

    /// <summary>A jitter factor drawn uniformly from [0.8, 1.2).</summary>
    public static double Jitter() => 0.8 + (0.4 * Random.Shared.NextDouble());
}
