namespace Telephony.Sdk.Tests.Accounts;

/// <summary>
/// Code that depends on <see cref="TelephonyClient"/> can be tested with hand-written fakes: the protected
/// constructors and virtual members make the client mockable without a mocking library.
/// </summary>
public sealed class AccountOperationsMockingTests
{
    [Fact]
    public async Task GetBalanceAsync_SubclassOverridesIt_CallerGetsFakeBalanceWithoutNetwork()
    {
        using TelephonyClient client = new FakeTelephonyClient(new FakeAccountOperations(42.5m));

        var balance = await BalanceReport.DescribeAsync(client, TestContext.Current.CancellationToken);

        Assert.Equal("Balance is 42.5", balance);
    }

    [Fact]
    public async Task GetBalanceAsync_SubclassThrowsSdkException_CallerSeesIt()
    {
        using TelephonyClient client = new FakeTelephonyClient(new FailingAccountOperations());

        var exception = await Assert.ThrowsAsync<TelephonyAuthenticationException>(
            () => client.Account.GetBalanceAsync(TestContext.Current.CancellationToken));

        Assert.Equal("unauthorized", exception.ErrorCode);
    }

    [Fact]
    public void Account_MockingConstructorWithoutOverride_ThrowsInvalidOperationException()
    {
        using var client = new BareTelephonyClient();

        var exception = Assert.Throws<InvalidOperationException>(() => client.Account);

        Assert.Contains("mocking", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetBalanceAsync_MockingConstructorWithoutOverride_ThrowsInvalidOperationException()
    {
        var operations = new BareAccountOperations();

        await Assert.ThrowsAsync<InvalidOperationException>(() => operations.GetBalanceAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>Stands for application code under test that takes the SDK client.</summary>
    private static class BalanceReport
    {
        public static async Task<string> DescribeAsync(TelephonyClient client, CancellationToken cancellationToken)
        {
            var balance = await client.Account.GetBalanceAsync(cancellationToken);
            return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Balance is {balance.Balance}");
        }
    }

    private sealed class FakeTelephonyClient(AccountOperations account) : TelephonyClient
    {
        public override AccountOperations Account => account;
    }

    private sealed class FakeAccountOperations(decimal balance) : AccountOperations
    {
        public override Task<AccountBalance> GetBalanceAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult(new AccountBalance { Balance = balance });
    }

    private sealed class FailingAccountOperations : AccountOperations
    {
        public override Task<AccountBalance> GetBalanceAsync(CancellationToken cancellationToken = default) =>
            Task.FromException<AccountBalance>(new TelephonyAuthenticationException(new TelephonyApiError { StatusCode = System.Net.HttpStatusCode.Unauthorized, ErrorCode = "unauthorized", ErrorMessage = "Invalid or missing API key" }));
    }

    private sealed class BareTelephonyClient : TelephonyClient;

    private sealed class BareAccountOperations : AccountOperations;
}
