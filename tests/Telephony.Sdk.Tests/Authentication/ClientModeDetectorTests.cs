using Telephony.Sdk.Authentication;

namespace Telephony.Sdk.Tests.Authentication;

/// <summary>The effective mode: the build, the platform and the options each can make it Client; the stricter wins.</summary>
public sealed class ClientModeDetectorTests
{
    [Theory]
    [InlineData(true, false, null)]
    [InlineData(true, false, TelephonyClientMode.Server)]
    [InlineData(true, false, TelephonyClientMode.Client)]
    [InlineData(false, true, null)]
    [InlineData(false, true, TelephonyClientMode.Server)]
    [InlineData(true, true, TelephonyClientMode.Server)]
    [InlineData(false, false, TelephonyClientMode.Client)]
    public void Resolve_AnySourceSaysClient_ReturnsClient(bool build, bool platform, TelephonyClientMode? configured)
    {
        var detector = new FakeClientModeDetector(build, platform);

        Assert.Equal(TelephonyClientMode.Client, detector.Resolve(configured));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(TelephonyClientMode.Server)]
    public void Resolve_ServerBuildOnServerPlatform_ReturnsServer(TelephonyClientMode? configured)
    {
        var detector = new FakeClientModeDetector(build: false, platform: false);

        Assert.Equal(TelephonyClientMode.Server, detector.Resolve(configured));
    }

    [Fact]
    public void Resolve_ClientBuildAskedRepeatedlyWithServer_NeverRelaxesToServer()
    {
        var detector = FakeClientModeDetector.ClientBuild;

        var modes = new[] { detector.Resolve(TelephonyClientMode.Server), detector.Resolve(null), detector.Resolve(TelephonyClientMode.Server) };

        Assert.All(modes, mode => Assert.Equal(TelephonyClientMode.Client, mode));
    }

    [Fact]
    public void Resolve_DefaultDetectorInThisTestProcess_ReturnsServer()
    {
        // The tests run on Linux/Windows/macOS from a project that does not set TelephonyClientMode: a server.
        Assert.Equal(TelephonyClientMode.Server, ClientModeDetector.Default.Resolve(null));
    }
}
