using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Telephony.Sdk.Tests.Support;

namespace Telephony.Sdk.Tests.Readme;

/// <summary>docs/configuration.md shows the startup failure of a misspelled setting word for word.</summary>
public sealed class ReadmeConfigurationTests
{
    [Fact]
    public void Validate_MisspelledApiKey_FailsWithTheMessageTheGuideShows()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Telephony:ApiKye"] = FakeKeys.NewSecretKey() })
            .Build());
        services.AddTelephonyClient();
        using var provider = services.BuildServiceProvider();

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        var failure = Assert.Single(e.Failures, f => f.StartsWith("Telephony:ApiKye", StringComparison.Ordinal));
        var shown = DocumentationFiles.CodeBlocks("docs/configuration.md", string.Empty).Single(b => b.Code.StartsWith(typeof(OptionsValidationException).FullName!, StringComparison.Ordinal));
        Assert.Equal($"{typeof(OptionsValidationException).FullName}: {failure}", shown.Code.ReplaceLineEndings(" ").Trim());
    }
}
