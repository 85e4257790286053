using System.Net;

namespace Telephony.Sdk;

/// <summary>
/// What the Telephony.io API answered with when a call failed: the status, the documented error envelope
/// <c>{"error":{"code":"…","message":"…"}}</c> when there was one, and what else the response said.
/// </summary>
/// <remarks>Build one in your own tests to create a <see cref="TelephonyApiException"/> of any kind.</remarks>
public sealed class TelephonyApiError
{
    /// <summary>Gets the HTTP status the server answered with.</summary>
    public required HttpStatusCode StatusCode { get; init; }

    /// <summary>Gets the machine-readable <c>error.code</c> (for example <c>unauthorized</c>), if the body had one.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Gets the server's human-readable <c>error.message</c>, or a description of a body that had none.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>Gets the request id the server sent (<c>X-Request-Id</c> or <c>Request-Id</c>); quote it to support.</summary>
    public string? RequestId { get; init; }

    /// <summary>Gets a bounded excerpt of the response body, for diagnostics.</summary>
    public string? ResponseBody { get; init; }

    /// <summary>Gets how long the server asked the caller to wait (<c>Retry-After</c>), if it said.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
