using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Telephony.Sdk.Configuration;

/// <summary>
/// Binds one client's options to its configuration section, as <c>OptionsBuilder.Bind</c> does (reloads included), except
/// that a value the binder cannot convert (a word where a number is expected) fails as an options validation failure
/// naming the setting. The binder's own exception would reach a caller as a bare <see cref="InvalidOperationException"/>,
/// and its inner exception repeats the value, which is the key itself when settings are swapped.
/// </summary>
internal sealed class TelephonyOptionsBinding(string clientName, IConfiguration configuration) : IConfigureNamedOptions<TelephonyClientOptions>
{
    public static void Add(IServiceCollection services, string name, Func<IServiceProvider, IConfiguration> resolve)
    {
        services.AddOptions<TelephonyClientOptions>(name);
        services.AddSingleton<IOptionsChangeTokenSource<TelephonyClientOptions>>(sp => new ConfigurationChangeTokenSource<TelephonyClientOptions>(name, resolve(sp)));
        services.AddSingleton<IConfigureOptions<TelephonyClientOptions>>(sp => new TelephonyOptionsBinding(name, resolve(sp)));
    }

    public void Configure(string? name, TelephonyClientOptions options)
    {
        if ((name ?? Options.DefaultName) != clientName)
        {
            return;
        }

        try
        {
            configuration.Bind(options);
        }
        catch (InvalidOperationException e)
        {
            // The binder's messages may quote the value (some of its paths do, its inner exceptions always): only the
            // setting's path and type are kept.
            throw new OptionsValidationException(clientName, typeof(TelephonyClientOptions), [Describe(e.Message)]);
        }
    }

    public void Configure(TelephonyClientOptions options) => Configure(Options.DefaultName, options);

    private string Describe(string binderMessage)
    {
        var where = PathAndType(binderMessage);
        return where.Success
            ? $"The configuration value at '{where.Groups[1].Value}' cannot be converted to {where.Groups[2].Value}. Set a value of that type."
            : $"A value in the configuration section {(configuration is IConfigurationSection section ? section.Path : "(root)")} cannot be converted to the type of its setting.";
    }

    // Read only when a bind has failed, so Regex's own cache is enough; .NET Framework has no [GeneratedRegex].
    private static Match PathAndType(string binderMessage) =>
        Regex.Match(binderMessage, @" at '([^']*)' to type '([^']*)'", RegexOptions.CultureInvariant);
}
