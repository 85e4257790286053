namespace Telephony.Sdk.Tests.Errors.Mapping;

/// <summary>
/// A clock stopped at one instant, registered in DI so Retry-After dates are read against a known "now".
/// Hand-written because Microsoft.Extensions.TimeProvider.Testing is pinned in Directory.Packages.props but not
/// referenced by the test project.
/// </summary>
internal sealed class FixedTimeProvider(DateTimeOffset utcNow) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => utcNow;
}
