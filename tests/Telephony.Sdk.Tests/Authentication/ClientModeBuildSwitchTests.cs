using Telephony.Sdk.Authentication;
using Telephony.Sdk.Tests.Support;

namespace Telephony.Sdk.Tests.Authentication;

/// <summary>
/// The AppContext switch that a client-mode build writes into runtimeconfig.json (RuntimeHostConfigurationOption).
/// Setting it changes the whole process, so these tests run alone and turn it off again afterwards.
/// </summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class ClientModeBuildSwitchTests : IDisposable
{
    public void Dispose() => AppContext.SetSwitch(ClientModeDetector.AppContextSwitch, false);

    [Fact]
    public void IsClientBuild_SwitchOn_IsTrueAndResolveReturnsClientEvenWhenOptionsSayServer()
    {
        AppContext.SetSwitch("Telephony.Sdk.ClientMode", true);
        var detector = new BuildProbe();

        Assert.True(detector.ClientBuild);
        Assert.Equal(TelephonyClientMode.Client, detector.Resolve(TelephonyClientMode.Server));
        Assert.Equal(TelephonyClientMode.Client, new ClientModeDetector().Resolve(null));
    }

    [Fact]
    public void IsClientBuild_SwitchOff_IsFalseAndResolveFollowsOptions()
    {
        AppContext.SetSwitch("Telephony.Sdk.ClientMode", false);
        var detector = new BuildProbe();

        Assert.False(detector.ClientBuild);
        Assert.Equal(TelephonyClientMode.Server, detector.Resolve(null));
        Assert.Equal(TelephonyClientMode.Client, detector.Resolve(TelephonyClientMode.Client));
    }

    /// <summary>The real build check, with the platform check pinned to false so only the build decides.</summary>
    private sealed class BuildProbe : ClientModeDetector
    {
        public bool ClientBuild => IsClientBuild();

        protected override bool IsClientPlatform() => false;
    }
}
