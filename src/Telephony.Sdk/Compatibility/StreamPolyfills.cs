using System.Runtime.InteropServices;

namespace Telephony.Sdk.Compatibility;

/// <summary>The <see cref="Memory{T}"/> reads and the asynchronous disposal of a stream, on .NET Framework.</summary>
internal static class StreamPolyfills
{
    extension(Stream stream)
    {
        public ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
            MemoryMarshal.TryGetArray<byte>(buffer, out var segment)
                ? new(stream.ReadAsync(segment.Array!, segment.Offset, segment.Count, cancellationToken))
                : throw new NotSupportedException("Only a buffer over an array can be read into on .NET Framework.");

        /// <summary><c>await using (stream.ConfigureAwait(false))</c>: .NET Framework's streams are disposed synchronously.</summary>
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
