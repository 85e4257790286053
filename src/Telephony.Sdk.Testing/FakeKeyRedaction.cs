namespace Telephony.Sdk.Testing;

/// <summary>Shows a key the way the SDK does (<see cref="TelephonyApiKey.Redacted"/>), e.g. <c>sk_test_…0001</c>.</summary>
internal static class FakeKeyRedaction
{
    public static string? Redact(string? apiKey) =>
        apiKey is null ? null : TelephonyApiKey.TryParse(apiKey, out var key) ? key.Redacted : "(malformed)";
}
