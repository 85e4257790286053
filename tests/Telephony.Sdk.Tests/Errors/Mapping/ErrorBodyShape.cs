namespace Telephony.Sdk.Tests.Errors.Mapping;

/// <summary>What an error response's body looks like: the documented envelope, or what a proxy sends instead.</summary>
public enum ErrorBodyShape
{
    ValidEnvelope,
    EmptyErrorObject,
    CodeOnlyEnvelope,
    EnvelopeWithExtraFields,
    PlainStringError,
    PlainText,
    HtmlPage,
    EmptyBody,
    OversizedBody,
    InvalidUtf8Bytes,
    EnvelopeAsTextPlain,
}
