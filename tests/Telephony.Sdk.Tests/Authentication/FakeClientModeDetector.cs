using Telephony.Sdk.Authentication;

namespace Telephony.Sdk.Tests.Authentication;

/// <summary>A detector whose build and platform answers are chosen by the test, whatever the machine running it.</summary>
internal sealed class FakeClientModeDetector(bool build, bool platform) : ClientModeDetector
{
    /// <summary>Gets a detector for a server build on a server platform.</summary>
    public static FakeClientModeDetector Server => new(build: false, platform: false);

    /// <summary>Gets a detector for an app built with <c>TelephonyClientMode=Client</c>.</summary>
    public static FakeClientModeDetector ClientBuild => new(build: true, platform: false);

    protected override bool IsClientBuild() => build;

    protected override bool IsClientPlatform() => platform;
}
