namespace Telephony.Sdk.Internal;

/// <summary>The documented error body: <c>{"error":{"code":"…","message":"…"}}</c>.</summary>
internal sealed class ErrorEnvelope
{
    public ErrorDetail? Error { get; init; }
}

/// <summary>The <c>error</c> object of an <see cref="ErrorEnvelope"/>.</summary>
internal sealed class ErrorDetail
{
    public string? Code { get; init; }

    public string? Message { get; init; }
}
