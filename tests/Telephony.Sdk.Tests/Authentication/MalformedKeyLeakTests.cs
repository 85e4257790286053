using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Telephony.Sdk.Testing;
using Telephony.Sdk.Tests.Support;

namespace Telephony.Sdk.Tests.Authentication;

/// <summary>
/// A mangled key is refused everywhere it can enter (parsing, startup validation, the constructor, the handler) without
/// the key showing up in any part of the exception (message, ToString, Data, public properties, inner exceptions) or in
/// any log record at Trace, and without a request reaching the server.
/// </summary>
public sealed class MalformedKeyLeakTests
{
    [Theory]
    [MemberData(nameof(MangledKeys.All), MemberType = typeof(MangledKeys))]
    public void Parse_MangledKey_KeyAbsentFromEveryPartOfTheException(string mangling)
    {
        var key = FakeKeys.New("sk_test_");
        var input = MangledKeys.Mangle(mangling, key);

        var exception = Assert.Throws<FormatException>(() => TelephonyApiKey.Parse(input));

        SecretScanner.AssertNone(SecretScanner.FindInException(exception, MangledKeys.Secrets(input, key)));
    }

    [Theory]
    [MemberData(nameof(MangledKeys.All), MemberType = typeof(MangledKeys))]
    public async Task Validate_MangledKey_ThrowsNamingApiKeyWithoutTheKeyAndSendsNothing(string mangling)
    {
        var key = FakeKeys.New("sk_test_");
        var input = MangledKeys.Mangle(mangling, key);
        await using var host = await KeyTestHost.StartAsync(o => o.ApiKey = input, serverKeys: [key]);

        var exception = Assert.Throws<OptionsValidationException>(host.ValidateAtStartup);
        var callException = await Record.ExceptionAsync(() => host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken));

        Assert.StartsWith("TelephonyClientOptions.ApiKey is invalid: ", Assert.Single(exception.Failures), StringComparison.Ordinal);
        Assert.NotNull(callException);
        SecretScanner.AssertNone(SecretScanner.FindInException(exception, MangledKeys.Secrets(input, key)));
        SecretScanner.AssertNone(SecretScanner.FindInException(callException, MangledKeys.Secrets(input, key)));
        SecretScanner.AssertNone(SecretScanner.FindInLogs(host.Logs, MangledKeys.Secrets(input, key)));
        Assert.Empty(host.Server.Requests);
    }

    [Theory]
    [MemberData(nameof(MangledKeys.All), MemberType = typeof(MangledKeys))]
    public async Task Constructor_MangledKey_ThrowsArgumentExceptionWithoutTheKey(string mangling)
    {
        var key = FakeKeys.New("sk_test_");
        var input = MangledKeys.Mangle(mangling, key);
        await using var server = await TelephonyFakeServer.StartAsync(o => o.Keys[key] = 1m, TestContext.Current.CancellationToken);

        var exception = Assert.Throws<ArgumentException>(
            () => new TelephonyClient(new TelephonyClientOptions { ApiKey = input, BaseAddress = server.BaseAddress }));

        Assert.Equal("options", exception.ParamName);
        Assert.StartsWith("TelephonyClientOptions.ApiKey is invalid: ", exception.Message, StringComparison.Ordinal);
        SecretScanner.AssertNone(SecretScanner.FindInException(exception, MangledKeys.Secrets(input, key)));
        Assert.Empty(server.Requests);
    }

    [Theory]
    [MemberData(nameof(MangledKeys.All), MemberType = typeof(MangledKeys))]
    public async Task GetBalanceAsync_MangledKeyAndNoOptionsValidator_HandlerThrowsTelephonyExceptionWithoutTheKey(string mangling)
    {
        var key = FakeKeys.New("sk_test_");
        var input = MangledKeys.Mangle(mangling, key);
        await using var host = await KeyTestHost.StartAsync(
            o => o.ApiKey = input,
            serverKeys: [key],
            moreServices: services => services.RemoveAll<IValidateOptions<TelephonyClientOptions>>());

        var exception = await Assert.ThrowsAsync<TelephonyException>(
            () => host.Client.Account.GetBalanceAsync(TestContext.Current.CancellationToken));

        Assert.StartsWith("TelephonyClientOptions.ApiKey is invalid: ", exception.Message, StringComparison.Ordinal);
        SecretScanner.AssertNone(SecretScanner.FindInException(exception, MangledKeys.Secrets(input, key)));
        SecretScanner.AssertNone(SecretScanner.FindInLogs(host.Logs, MangledKeys.Secrets(input, key)));
        Assert.Empty(host.Server.Requests);
    }

    [Fact]
    public void FindInException_FormatExceptionCarryingTheKeyInData_IsCaught()
    {
        // Guards the check above: a key stored where a caller could read it is found.
        var key = FakeKeys.New("sk_test_");
        var exception = new FormatException("clean message");
        exception.Data["input"] = "Bearer " + key;

        Assert.NotEmpty(SecretScanner.FindInException(exception, MangledKeys.Secrets("Bearer " + key, key)));
    }
}
