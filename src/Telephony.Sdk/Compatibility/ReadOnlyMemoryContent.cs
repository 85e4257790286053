using System.Net;

namespace System.Net.Http;

/// <summary>The <c>ReadOnlyMemoryContent</c> of .NET Core 2.1 and later, on .NET Framework: a body already in memory.</summary>
internal sealed class ReadOnlyMemoryContent(ReadOnlyMemory<byte> content) : HttpContent
{
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        Runtime.InteropServices.MemoryMarshal.TryGetArray(content, out var segment)
            ? stream.WriteAsync(segment.Array!, segment.Offset, segment.Count)
            : stream.WriteAsync(content.ToArray(), 0, content.Length);

    protected override Task<Stream> CreateContentReadStreamAsync() =>
        Task.FromResult<Stream>(Runtime.InteropServices.MemoryMarshal.TryGetArray(content, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false));

    protected override bool TryComputeLength(out long length)
    {
        length = content.Length;
        return true;
    }
}
