using static Telephony.Sdk.Analyzers.Tests.AnalyzerTestHarness;

namespace Telephony.Sdk.Analyzers.Tests;

public sealed class SecretKeyAnalyzerTests
{
    // Fake keys, shorter than real ones so that secret scanners do not flag this file.
    private const string RedactedLive = "sk_live_\u2026WXYZ";
    private const string RedactedTest = "sk_test_\u2026wxyz";

    [Fact]
    public async Task StringLiteral_ClientMode_ReportsError()
    {
        const string source = """
            class C
            {
                string Key = {|#0:"sk_live_abcd1234WXYZ"|};
            }
            """;

        await VerifyAsync(source, "Client", [ClientError(0, RedactedLive)]);
    }

    [Fact]
    public async Task VerbatimLiteral_ClientMode_ReportsError()
    {
        const string source = """
            class C
            {
                string Key = {|#0:@"Bearer sk_test_abcd1234wxyz"|};
            }
            """;

        await VerifyAsync(source, "Client", [ClientError(0, RedactedTest)]);
    }

    [Fact]
    public async Task RawLiteral_ClientMode_ReportsError()
    {
        const string source = """"
            class C
            {
                string Json = {|#0:"""
                    { "ApiKey": "sk_live_abcd1234WXYZ" }
                    """|};
            }
            """";

        await VerifyAsync(source, "Client", [ClientError(0, RedactedLive)]);
    }

    [Fact]
    public async Task Utf8Literal_ClientMode_ReportsError()
    {
        const string source = """
            class C
            {
                System.ReadOnlySpan<byte> Key() => {|#0:"sk_live_abcd1234WXYZ"u8|};
            }
            """;

        await VerifyAsync(source, "Client", [ClientError(0, RedactedLive)]);
    }

    [Fact]
    public async Task InterpolatedStringText_ClientMode_ReportsError()
    {
        const string source = """
            class C
            {
                string Header(int n) => $"{n}{|#0:Bearer sk_test_abcd1234wxyz|}{n}";
            }
            """;

        await VerifyAsync(source, "Client", [ClientError(0, RedactedTest)]);
    }

    [Fact]
    public async Task FoldedConstant_ClientMode_ReportsErrorOnceWhereTheKeyIsFormed()
    {
        const string source = """
            class C
            {
                const string Prefix = "sk_";
                const string Key = {|#0:Prefix + "live_" + "abcd1234WXYZ"|};
                const string Header = "Bearer " + Key;
                string Use() => "x" + Key;
            }
            """;

        await VerifyAsync(source, "Client", [ClientError(0, RedactedLive)]);
    }

    [Fact]
    public async Task ConstantInterpolatedString_ClientMode_ReportsError()
    {
        const string source = """
            class C
            {
                const string Prefix = "sk_test_";
                const string Key = {|#0:$"{Prefix}abcd1234wxyz"|};
            }
            """;

        await VerifyAsync(source, "Client", [ClientError(0, RedactedTest)]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Server")]
    [InlineData("false")]
    public async Task StringLiteral_NotClientMode_ReportsWarning(string? clientMode)
    {
        const string source = """
            class C
            {
                string Key = {|#0:"sk_live_abcd1234WXYZ"|};
            }
            """;

        await VerifyAsync(source, clientMode, [ServerWarning(0, RedactedLive)]);
    }

    [Theory]
    [InlineData("client")]
    [InlineData("CLIENT")]
    [InlineData(" Client ")]
    public async Task StringLiteral_ClientModeInAnyCase_ReportsError(string clientMode)
    {
        const string source = """
            class C
            {
                string Key = {|#0:"sk_live_abcd1234WXYZ"|};
            }
            """;

        await VerifyAsync(source, clientMode, [ClientError(0, RedactedLive)]);
    }

    [Fact]
    public async Task PublishableKeys_ClientMode_NotReported()
    {
        const string source = """
            class C
            {
                string Live = "pk_live_abcd1234WXYZ";
                string Test = @"pk_test_abcd1234wxyz";
                System.ReadOnlySpan<byte> Utf8() => "pk_live_abcd1234WXYZ"u8;
            }
            """;

        await VerifyAsync(source, "Client", []);
    }

    [Fact]
    public async Task WordsThatContainThePrefix_ClientMode_NotReported()
    {
        const string source = """
            class C
            {
                string[] Words = ["task_live_abcd1234WXYZ", "disk_test_abcd1234wxyz", "desk_test_x", "risk_live_abc",
                    "my_sk_live_abcd1234WXYZ", "sk_live_", "sk_live_\u2026c123"];
                const string Task = "task_";
                const string Folded = Task + "live_abcd1234WXYZ";
            }
            """;

        await VerifyAsync(source, "Client", []);
    }

    [Fact]
    public async Task PragmaWarningDisable_ClientMode_StillReportsError()
    {
        const string source = """
            class C
            {
            #pragma warning disable TEL1001, TEL1002
                string Key = {|#0:"sk_live_abcd1234WXYZ"|};
            #pragma warning restore TEL1001, TEL1002
            }
            """;

        await VerifyAsync(source, "Client", [ClientError(0, RedactedLive)]);
    }

    [Fact]
    public async Task PragmaWarningDisable_ServerMode_SilencesWarning()
    {
        // The counterpart of the test above: the same pragma does silence the configurable server-mode warning.
        const string source = """
            class C
            {
            #pragma warning disable TEL1001, TEL1002
                string Key = "sk_live_abcd1234WXYZ";
            #pragma warning restore TEL1001, TEL1002
            }
            """;

        await VerifyAsync(source, null, []);
    }

    [Fact]
    public async Task EditorConfigSeverityNone_ClientMode_StillReportsError()
    {
        const string source = """
            class C
            {
                string Key = {|#0:"sk_live_abcd1234WXYZ"|};
            }
            """;
        const string editorConfig = """
            root = true
            [*.cs]
            dotnet_diagnostic.TEL1001.severity = none
            """;

        await VerifyAsync(source, "Client", [ClientError(0, RedactedLive)], editorConfig);
    }
}
