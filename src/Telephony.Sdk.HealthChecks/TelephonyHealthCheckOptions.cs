namespace Telephony.Sdk;

/// <summary>Settings of the health check that <c>AddTelephonyHealthCheck</c> registers.</summary>
public sealed class TelephonyHealthCheckOptions
{
    /// <summary>Gets or sets the check's name in the health report.</summary>
    /// <value>The default value is <c>telephony</c>, or <c>telephony-&lt;client name&gt;</c> for a named client.</value>
    public string? Name { get; set; }

    /// <summary>
    /// Gets or sets how often, at most, the check calls the API. Probes in between get the last result, so a load balancer
    /// that probes every second costs the key one request per interval, not one per probe.
    /// </summary>
    /// <value>The default value is 30 seconds; from 1 second to 1 day.</value>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long the balance call may take before the check reports the API as unreachable.</summary>
    /// <value>The default value is 10 seconds; from 10 milliseconds to 10 minutes.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets the tags of the check, e.g. <c>ready</c>, to filter health endpoints by.</summary>
    public ICollection<string> Tags { get; } = [];
}
