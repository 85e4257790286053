using System.Text.Json;
using System.Text.Json.Serialization;

namespace Telephony.Cli.Scanning;

/// <summary>
/// The findings as a SARIF 2.1.0 log, for code-scanning upload. Hand-written: the SARIF SDK is not served here, and a log
/// with one rule and a few fields needs only these records.
/// </summary>
internal static class SarifReport
{
    public const string RuleId = "TEL-SECRET-KEY";

    public static void Write(ScanResult result, Stream output)
    {
        var log = new SarifLog(
            Schema: "https://json.schemastore.org/sarif-2.1.0.json",
            Version: "2.1.0",
            Runs:
            [
                new Run(
                    new Tool(new Driver(
                        Name: "telephony",
                        InformationUri: "https://github.com/telephony-sdk/telephony-dotnet",
                        Version: typeof(SarifReport).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
                        Rules:
                        [
                            new Rule(
                                RuleId,
                                "TelephonySecretKey",
                                new Message("A Telephony.io secret key (sk_live_, sk_test_) is committed."),
                                new Message("Secret keys have full access to the account. Revoke the key in the Telephony.io dashboard and " +
                                         "load keys from the environment or a secret store; a known fake can be allowed with " +
                                         $"\"{SecretLine.AllowMarker}\" on its line or its fingerprint in {IgnoreFile.DefaultName}."),
                                new RuleConfiguration("error")),
                        ])),
                    [.. result.Findings.Select(ToResult)]),
            ]);
        JsonSerializer.Serialize(output, log, SarifJsonContext.Default.SarifLog);
    }

    private static Result ToResult(Finding f) => new(
        RuleId,
        f.IsLive ? "error" : "warning",
        new Message($"{(f.IsLive ? "Live" : "Test")} secret key {f.Redacted}" +
                 (f.Commit is null ? "." : f.InWorkingTree ? $", first committed in {f.Commit}." : $", in commit {f.Commit} (still in history).")),
        [new Location(new PhysicalLocation(new ArtifactLocation(string.Join('/', f.Path.Split('/').Select(Uri.EscapeDataString))), new Region(f.Line, f.Column)))],
        new Dictionary<string, string> { ["telephonyKeyHash/v1"] = f.Fingerprint },
        f.Commit is null ? null : new Dictionary<string, string> { ["commit"] = f.Commit });

    internal sealed record SarifLog([property: JsonPropertyName("$schema")] string Schema, string Version, Run[] Runs);

    internal sealed record Run(Tool Tool, Result[] Results);

    internal sealed record Tool(Driver Driver);

    internal sealed record Driver(string Name, string InformationUri, string Version, Rule[] Rules);

    internal sealed record Rule(string Id, string Name, Message ShortDescription, Message Help, RuleConfiguration DefaultConfiguration);

    internal sealed record RuleConfiguration(string Level);

    internal sealed record Message(string Text);

    internal sealed record Result(
        string RuleId, string Level, Message Message, Location[] Locations, Dictionary<string, string> PartialFingerprints, Dictionary<string, string>? Properties);

    internal sealed record Location(PhysicalLocation PhysicalLocation);

    internal sealed record PhysicalLocation(ArtifactLocation ArtifactLocation, Region Region);

    internal sealed record ArtifactLocation(string Uri);

    internal sealed record Region(int StartLine, int StartColumn);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SarifReport.SarifLog))]
internal sealed partial class SarifJsonContext : JsonSerializerContext;
