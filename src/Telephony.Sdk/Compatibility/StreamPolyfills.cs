namespace Telephony.Sdk.Compatibility;

/// <summary>
/// <c>await using (stream.ConfigureAwait(false))</c> on .NET Framework, where a stream is not <c>IAsyncDisposable</c>; the
/// Polyfill package has <c>DisposeAsync</c> but not the <c>ConfigureAwait</c> that <c>await using</c> calls.
/// </summary>
internal static class StreamPolyfills
{
    extension(Stream stream)
    {
        public SynchronousDisposal ConfigureAwait(bool continueOnCapturedContext) => new(stream);
    }

    /// <summary>What <c>await using</c> calls on a .NET Framework stream.</summary>
    internal readonly struct SynchronousDisposal(IDisposable disposable)
    {
        public ValueTask DisposeAsync()
        {
            disposable.Dispose();
            return default;
        }
    }
}
