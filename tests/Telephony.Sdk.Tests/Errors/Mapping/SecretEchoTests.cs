using System.Text;

namespace Telephony.Sdk.Tests.Errors.Mapping;

/// <summary>A proxy or server that echoes the request's bearer key back must not put the key into the exception.</summary>
public sealed class SecretEchoTests
{
    public enum Echo
    {
        PlainTextBody,
        EnvelopeMessage,
        HtmlTitle,
        RequestIdHeader,
    }

    public static TheoryData<Echo, ErrorRoute> Echoes
    {
        get
        {
            var echoes = new TheoryData<Echo, ErrorRoute>();
            foreach (var echo in Enum.GetValues<Echo>())
            {
                foreach (var route in ErrorRoutes.All)
                {
                    echoes.Add(echo, route);
                }
            }

            return echoes;
        }
    }

    [Theory]
    [MemberData(nameof(Echoes))]
    public async Task Call_ServerEchoesBearerKey_KeyIsRedactedEverywhere(Echo echo, ErrorRoute route)
    {
        using var server = ErrorMappingServer.Start();
        var key = server.ApiKey;
        switch (echo)
        {
            case Echo.PlainTextBody:
                server.RespondToBalance(401, Encoding.UTF8.GetBytes($"denied for Bearer {key}"), "text/plain");
                break;
            case Echo.EnvelopeMessage:
                server.RespondToBalance(401, Encoding.UTF8.GetBytes("""{"error":{"code":"unauthorized","message":"denied for Bearer """ + key + "\"}}"), "application/json");
                break;
            case Echo.HtmlTitle:
                server.RespondToBalance(401, Encoding.UTF8.GetBytes($"<html><head><title>denied for Bearer {key}</title></head></html>"), "text/html");
                break;
            case Echo.RequestIdHeader:
                server.RespondToBalance(401, "{}"u8.ToArray(), "application/json", ("X-Request-Id", $"Bearer {key}"));
                break;
        }

        using var client = server.CreateClient();

        var exception = await Assert.ThrowsAsync<TelephonyAuthenticationException>(
            () => ErrorRoutes.InvokeAsync(client, route, TestContext.Current.CancellationToken));

        var redacted = echo == Echo.RequestIdHeader ? exception.RequestId : exception.ErrorMessage;
        Assert.Contains("Bearer [redacted]", redacted, StringComparison.Ordinal);
        Assert.Contains("Bearer [redacted]", exception.Message, StringComparison.Ordinal);
        if (echo != Echo.RequestIdHeader)
        {
            Assert.Contains("Bearer [redacted]", exception.ResponseBody, StringComparison.Ordinal);
        }

        SecretAssert.DoesNotLeak(exception, key);
    }

    // A proxy that escapes what it echoes: the key is not in the raw bytes, only in the decoded text.
    [Theory]
    [InlineData("application/json")]
    [InlineData("text/html")]
    public async Task Call_ServerEchoesEscapedBearerKey_DecodedMessageIsRedacted(string mediaType)
    {
        using var server = ErrorMappingServer.Start();
        var key = server.ApiKey;
        var escaped = mediaType == "application/json" ? "\\u00" + ((int)key[0]).ToString("x2", System.Globalization.CultureInfo.InvariantCulture) + key[1..] : "&#" + (int)key[0] + ";" + key[1..];
        var body = mediaType == "application/json"
            ? """{"error":{"code":"unauthorized","message":"denied for Bearer """ + escaped + "\"}}"
            : $"<html><head><title>denied for Bearer {escaped}</title></head></html>";
        server.RespondToBalance(401, Encoding.UTF8.GetBytes(body), mediaType);
        using var client = server.CreateClient();

        var exception = await Assert.ThrowsAsync<TelephonyAuthenticationException>(
            () => ErrorRoutes.InvokeAsync(client, ErrorRoute.GetBalance, TestContext.Current.CancellationToken));

        Assert.Contains("denied for Bearer [redacted]", exception.ErrorMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(key, exception.ErrorMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(key, exception.Message, StringComparison.Ordinal);
    }

    public enum EscapedEchoPlace
    {
        EnvelopeMessage,
        OtherJsonField,
        HtmlTitle,
    }

    // The excerpt kept for diagnostics (ResponseBody) is the raw body: an escaped echo of the key must not survive there
    // either, wherever in the JSON it is, nor as an HTML character reference.
    [Theory]
    [InlineData(EscapedEchoPlace.EnvelopeMessage, ErrorRoute.GetBalance)]
    [InlineData(EscapedEchoPlace.EnvelopeMessage, ErrorRoute.SendAsync)]
    [InlineData(EscapedEchoPlace.OtherJsonField, ErrorRoute.GetBalance)]
    [InlineData(EscapedEchoPlace.OtherJsonField, ErrorRoute.SendAsync)]
    [InlineData(EscapedEchoPlace.HtmlTitle, ErrorRoute.GetBalance)]
    [InlineData(EscapedEchoPlace.HtmlTitle, ErrorRoute.SendAsync)]
    public async Task Call_ServerEchoesEscapedBearerKey_ResponseBodyDoesNotCarryTheKey(EscapedEchoPlace place, ErrorRoute route)
    {
        using var server = ErrorMappingServer.Start();
        var key = server.ApiKey;
        var escaped = "\\u00" + ((int)key[0]).ToString("x2", System.Globalization.CultureInfo.InvariantCulture) + key[1..];
        var body = place switch
        {
            EscapedEchoPlace.EnvelopeMessage => """{"error":{"code":"unauthorized","message":"denied for Bearer """ + escaped + "\"}}",
            EscapedEchoPlace.OtherJsonField => """{"error":{"code":"unauthorized","message":"denied"},"authorization":"Bearer """ + escaped + "\"}",
            _ => $"<html><head><title>denied for Bearer &#{(int)key[0]};{key[1..]}</title></head></html>",
        };
        server.RespondToBalance(401, Encoding.UTF8.GetBytes(body), place == EscapedEchoPlace.HtmlTitle ? "text/html" : "application/json");
        using var client = server.CreateClient();

        var exception = await Assert.ThrowsAsync<TelephonyAuthenticationException>(
            () => ErrorRoutes.InvokeAsync(client, route, TestContext.Current.CancellationToken));

        Assert.NotNull(exception.ResponseBody);
        SecretAssert.DoesNotLeak(exception, key);
    }

    // The redirect's message names the host it pointed to; a server that puts the echoed key in that host name must not
    // get the key into the exception.
    [Theory]
    [MemberData(nameof(RoutesData))]
    public async Task Call_RedirectToHostNamedAfterTheKey_MessageDoesNotCarryTheKey(ErrorRoute route)
    {
        using var server = ErrorMappingServer.Start();
        var key = server.ApiKey;
        server.RespondToBalance(302, [], contentType: null, ("Location", $"https://{key}.collector.example/"));
        using var client = server.CreateClient();

        var exception = await Assert.ThrowsAsync<TelephonyApiException>(
            () => ErrorRoutes.InvokeAsync(client, route, TestContext.Current.CancellationToken));

        Assert.Equal(System.Net.HttpStatusCode.Redirect, exception.StatusCode);
        Assert.Contains("collector.example", exception.Message, StringComparison.Ordinal);
        SecretAssert.DoesNotLeak(exception, key);
    }

    // Uri keeps host names in lower case: a key with capitals comes back lower-cased, which is no less the key.
    [Theory]
    [MemberData(nameof(RoutesData))]
    public async Task Call_RedirectToHostNamedAfterAKeyWithCapitals_MessageDoesNotCarryTheKeyInAnyCase(ErrorRoute route)
    {
        using var server = ErrorMappingServer.Start();
        var key = "sk_test_" + Guid.NewGuid().ToString("N").ToUpperInvariant();
        server.RespondToBalance(302, [], contentType: null, ("Location", $"https://{key}.collector.example/"));
        using var client = server.CreateClient(key);

        var exception = await Assert.ThrowsAsync<TelephonyApiException>(
            () => ErrorRoutes.InvokeAsync(client, route, TestContext.Current.CancellationToken));

        Assert.Contains("collector.example", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(key, exception.Message, StringComparison.OrdinalIgnoreCase);
    }

    public static TheoryData<ErrorRoute> RoutesData => new(ErrorRoutes.All);

    public enum Boundary
    {
        ErrorMessageAt300Chars,
        ResponseBodyAt4KiB,
        RequestIdAt200Chars,
    }

    // The key straddles the point where the SDK shortens a field: 16 of its 32 secret characters fall before the cut.
    [Theory]
    [InlineData(Boundary.ErrorMessageAt300Chars)]
    [InlineData(Boundary.ResponseBodyAt4KiB)]
    [InlineData(Boundary.RequestIdAt200Chars)]
    public async Task Call_EchoedKeyStraddlesTruncationPoint_NoPartOfTheKeyLeaks(Boundary boundary)
    {
        using var server = ErrorMappingServer.Start();
        var key = server.ApiKey;
        var keptOfKey = "sk_test_".Length + 16;
        switch (boundary)
        {
            case Boundary.ErrorMessageAt300Chars:
                server.RespondToBalance(401, Encoding.UTF8.GetBytes(new string('x', 300 - keptOfKey) + key), "text/plain");
                break;
            case Boundary.ResponseBodyAt4KiB:
                server.RespondToBalance(401, Encoding.UTF8.GetBytes(new string('x', 4096 - keptOfKey) + key), "text/plain");
                break;
            case Boundary.RequestIdAt200Chars:
                server.RespondToBalance(401, "{}"u8.ToArray(), "application/json", ("X-Request-Id", new string('x', 200 - keptOfKey) + key));
                break;
        }

        using var client = server.CreateClient();

        var exception = await Assert.ThrowsAsync<TelephonyAuthenticationException>(
            () => client.Account.GetBalanceAsync(TestContext.Current.CancellationToken));

        SecretAssert.DoesNotLeak(exception, key);
    }
}
