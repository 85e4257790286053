namespace Telephony.Sdk.Testing;

/// <summary>One request the <see cref="TelephonyFakeServer"/> received, as recorded in <see cref="TelephonyFakeServer.Requests"/>.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path, e.g. <c>/api/account/balance</c>.</param>
/// <param name="Timestamp">When the request arrived, on the server's clock.</param>
/// <param name="RedactedKey">The bearer key in redacted form (e.g. <c>sk_test_…0001</c>), or <see langword="null"/> when none was sent.</param>
/// <param name="StatusCode">The status answered, or <see langword="null"/> when the connection was dropped on purpose.</param>
public sealed record FakeRequest(string Method, string Path, DateTimeOffset Timestamp, string? RedactedKey, int? StatusCode);
