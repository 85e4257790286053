using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Telephony.Sdk.Tests.Support;

namespace Telephony.Sdk.Tests.Configuration;

/// <summary>Every setting with a range fails validation outside it, with a message naming the setting and the range.</summary>
public sealed class OptionRangeTests
{
    public static TheoryData<string, Action<TelephonyClientOptions>, string> OutOfRange => new()
    {
        { "MaxResponseBytes", o => o.MaxResponseBytes = 1023, "between 1024 and 1073741824" },
        { "Resilience.MaxRetryAttempts", o => o.Resilience.MaxRetryAttempts = 11, "between 0 and 10" },
        { "Resilience.BaseDelay", o => o.Resilience.BaseDelay = TimeSpan.FromMinutes(2), "between 00:00:00 and 00:01:00" },
        { "Resilience.MaxRetryDelay", o => o.Resilience.MaxRetryDelay = TimeSpan.FromSeconds(-1), "between 00:00:00 and 01:00:00" },
        { "Resilience.AttemptTimeout", o => o.Resilience.AttemptTimeout = TimeSpan.FromMilliseconds(5), "between 00:00:00.0100000 and 01:00:00" },
        { "Resilience.TotalTimeout", o => o.Resilience.TotalTimeout = TimeSpan.FromDays(2), "between 00:00:00.0100000 and 1.00:00:00" },
        { "RateLimit.PermitsPerMinute", o => o.RateLimit.PermitsPerMinute = 0, "between 1 and 1000000" },
        { "RateLimit.QueueLimit", o => o.RateLimit.QueueLimit = 100_001, "between 0 and 100000" },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void Validate_SettingOutOfRange_FailsNamingTheSettingAndItsRange(string setting, Action<TelephonyClientOptions> configure, string range)
    {
        using var provider = TelephonyServices.Build(FakeKeys.NewSecretKey(), new Uri("https://api.telephony.test/api/"), services =>
            services.Configure(configure));

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<TelephonyClientOptions>>().Value);

        Assert.Contains($"The field TelephonyClientOptions.{setting} must be {range}.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SettingsAtTheEdgesOfTheirRanges_Pass()
    {
        using var provider = TelephonyServices.Build(FakeKeys.NewSecretKey(), new Uri("https://api.telephony.test/api/"), services =>
            services.Configure<TelephonyClientOptions>(o =>
            {
                o.MaxResponseBytes = 1024;
                o.Resilience.MaxRetryAttempts = 10;
                o.Resilience.BaseDelay = TimeSpan.Zero;
                o.Resilience.AttemptTimeout = TimeSpan.FromMilliseconds(10);
                o.Resilience.TotalTimeout = TimeSpan.FromDays(1);
                o.RateLimit.PermitsPerMinute = 1_000_000;
                o.RateLimit.QueueLimit = 0;
            }));

        Assert.Equal(10, provider.GetRequiredService<IOptions<TelephonyClientOptions>>().Value.Resilience.MaxRetryAttempts);
    }

    [Fact]
    public void Validate_NullSection_FailsNamingIt()
    {
        using var provider = TelephonyServices.Build(FakeKeys.NewSecretKey(), new Uri("https://api.telephony.test/api/"), services =>
            services.Configure<TelephonyClientOptions>(o => o.Resilience = null!));

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<TelephonyClientOptions>>().Value);

        Assert.Contains("Resilience", e.Message, StringComparison.Ordinal);
        Assert.Contains("required", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Constructor_OptionsChangedAfterwards_ClientKeepsTheCopy()
    {
        var options = new TelephonyClientOptions { ApiKey = FakeKeys.NewSecretKey() };
        options.Resilience.MaxRetryAttempts = 2;
        using var client = new TelephonyClient(options);

        options.Resilience.MaxRetryAttempts = 99;
        options.ApiKey = "not a key";

        Assert.Equal(1000, client.GetRateLimitState().Limit);
    }
}
