using System.Net;

namespace Telephony.Sdk.Tests.Errors.Mapping;

/// <summary>Every error status against every body shape a server or proxy may send, through both public routes.</summary>
public sealed class ErrorStatusMatrixTests
{
    private static readonly Dictionary<int, (Type Exception, string ReasonPhrase)> Statuses = new()
    {
        [400] = (typeof(TelephonyApiException), "Bad Request"),
        [401] = (typeof(TelephonyAuthenticationException), "Unauthorized"),
        [403] = (typeof(TelephonyPermissionException), "Forbidden"),
        [404] = (typeof(TelephonyNotFoundException), "Not Found"),
        [409] = (typeof(TelephonyApiException), "Conflict"),

        // .NET's (and RFC 4918's) phrase; RFC 9110 renamed it "Unprocessable Content".
        [422] = (typeof(TelephonyApiException), "Unprocessable Entity"),
        [429] = (typeof(TelephonyRateLimitException), "Too Many Requests"),
        [500] = (typeof(TelephonyServerException), "Internal Server Error"),
        [502] = (typeof(TelephonyServerException), "Bad Gateway"),
        [503] = (typeof(TelephonyServerException), "Service Unavailable"),
    };

    public static TheoryData<int, ErrorBodyShape, ErrorRoute> Cases
    {
        get
        {
            var cases = new TheoryData<int, ErrorBodyShape, ErrorRoute>();
            foreach (var status in Statuses.Keys)
            {
                foreach (var shape in Enum.GetValues<ErrorBodyShape>())
                {
                    foreach (var route in ErrorRoutes.All)
                    {
                        cases.Add(status, shape, route);
                    }
                }
            }

            return cases;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Call_ErrorStatusWithBodyShape_ThrowsTypedExceptionDescribingTheResponse(int status, ErrorBodyShape shape, ErrorRoute route)
    {
        using var server = ErrorMappingServer.Start();
        var body = ErrorBodies.Create(shape);
        server.RespondToBalance(status, body.Bytes, body.ContentType);
        using var client = server.CreateClient();

        var exception = await Assert.ThrowsAnyAsync<TelephonyApiException>(
            () => ErrorRoutes.InvokeAsync(client, route, TestContext.Current.CancellationToken));

        var (expectedType, reasonPhrase) = Statuses[status];
        Assert.Equal(expectedType, exception.GetType());
        Assert.Equal((HttpStatusCode)status, exception.StatusCode);
        Assert.Equal(body.ExpectedCode, exception.ErrorCode);
        Assert.StartsWith($"{status} {reasonPhrase}: ", exception.Message, StringComparison.Ordinal);
        body.AssertMessage(exception);
        Assert.True(exception.ResponseBody is null || exception.ResponseBody.Length <= ErrorBodies.MaxResponseBodyChars);
        Assert.Null(exception.RetryAfter);
        Assert.Null(exception.RequestId);
        if (status == 403)
        {
            Assert.Contains("publishable keys", exception.Message, StringComparison.OrdinalIgnoreCase);
        }

        // No resilience pipeline yet: 429 and 5xx are not retried, so the server saw exactly one request.
        Assert.Equal(1, server.RequestCount);
        SecretAssert.DoesNotLeak(exception, server.ApiKey);
    }

    [Theory]
    [InlineData(ErrorBodyShape.ValidEnvelope, "X message")]
    [InlineData(ErrorBodyShape.EnvelopeWithExtraFields, "X message")]
    [InlineData(ErrorBodyShape.EnvelopeAsTextPlain, "X message")]
    [InlineData(ErrorBodyShape.PlainStringError, "plain string error")]
    [InlineData(ErrorBodyShape.PlainText, ErrorBodies.PlainText)]
    public async Task Message_ServerSentAMessage_QuotesItBeforeTheAdvice(ErrorBodyShape shape, string expectedMessage)
    {
        using var server = ErrorMappingServer.Start();
        var body = ErrorBodies.Create(shape);
        server.RespondToBalance(401, body.Bytes, body.ContentType);
        using var client = server.CreateClient();

        var exception = await Assert.ThrowsAsync<TelephonyAuthenticationException>(
            () => client.Account.GetBalanceAsync(TestContext.Current.CancellationToken));

        var code = body.ExpectedCode is null ? string.Empty : $" (code: {body.ExpectedCode})";
        Assert.StartsWith($"401 Unauthorized: {expectedMessage}{code}. Check the configured key", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ErrorBodyShape.EmptyErrorObject)]
    [InlineData(ErrorBodyShape.CodeOnlyEnvelope)]
    public async Task ErrorMessage_EnvelopeWithoutMessage_DescribesWhatArrived(ErrorBodyShape shape)
    {
        using var server = ErrorMappingServer.Start();
        var body = ErrorBodies.Create(shape);
        server.RespondToBalance(400, body.Bytes, body.ContentType);
        using var client = server.CreateClient();

        var exception = await Assert.ThrowsAsync<TelephonyApiException>(
            () => client.Account.GetBalanceAsync(TestContext.Current.CancellationToken));

        // TelephonyApiException.ErrorMessage: "the server's message, or a description of a body that had none".
        Assert.False(string.IsNullOrWhiteSpace(exception.ErrorMessage));
    }

    [Theory]
    [MemberData(nameof(InvalidUtf8Routes))]
    public async Task Call_EnvelopeWithInvalidUtf8InsideStrings_ThrowsTypedException(ErrorRoute route)
    {
        using var server = ErrorMappingServer.Start();
        byte[] body = [.. """{"error":{"code":"x_code","message":"caf"""u8, 0xE9, .. """ closed"}}"""u8];
        server.RespondToBalance(400, body, "application/json");
        using var client = server.CreateClient();

        var exception = await Assert.ThrowsAnyAsync<Exception>(
            () => ErrorRoutes.InvokeAsync(client, route, TestContext.Current.CancellationToken));

        var apiException = Assert.IsType<TelephonyApiException>(exception);
        Assert.Equal(HttpStatusCode.BadRequest, apiException.StatusCode);
        Assert.Contains("closed", apiException.ErrorMessage, StringComparison.Ordinal);
    }

    // error.message is cut at 300 characters; error.code, which the message quotes too, must be bounded as well.
    [Theory]
    [MemberData(nameof(InvalidUtf8Routes))]
    public async Task Message_HugeErrorCode_IsBoundedLikeTheErrorMessage(ErrorRoute route)
    {
        using var server = ErrorMappingServer.Start();
        var hugeCode = new string('c', 60_000);
        server.RespondToBalance(HttpStatusCode.BadRequest, "{\"error\":{\"code\":\"" + hugeCode + "\",\"message\":\"short\"}}");
        using var client = server.CreateClient();

        var exception = await Assert.ThrowsAsync<TelephonyApiException>(
            () => ErrorRoutes.InvokeAsync(client, route, TestContext.Current.CancellationToken));

        Assert.InRange(exception.ErrorCode!.Length, 1, 301);
        Assert.InRange(exception.Message.Length, 1, 1_000);
    }

    public static TheoryData<ErrorRoute> InvalidUtf8Routes => new(ErrorRoutes.All);
}
