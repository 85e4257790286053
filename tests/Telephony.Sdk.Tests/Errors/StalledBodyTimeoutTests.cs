using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Telephony.Sdk.Tests.Errors.Mapping;
using Telephony.Sdk.Tests.Resilience;
using Telephony.Sdk.Tests.RateLimiting;
using Telephony.Sdk.Tests.Retry;

namespace Telephony.Sdk.Tests.Errors;

/// <summary>
/// A server that sends a status and headers, then stalls in the body, while the caller passed no cancellation token:
/// <see cref="TelephonyResilienceOptions.TotalTimeout"/> ("how long a whole call may take") must still end the call.
/// </summary>
public sealed class StalledBodyTimeoutTests
{
    // Real time allowed for the call to end once the fake clock is past the total timeout; it bounds a failure only.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    public enum Stall
    {
        SuccessOfKnownLength,
        ChunkedSuccess,
        ErrorOfKnownLength,
    }

    public static TheoryData<ErrorRoute, Stall> Cases
    {
        get
        {
            var cases = new TheoryData<ErrorRoute, Stall>();
            foreach (var route in ErrorRoutes.All)
            {
                foreach (var stall in Enum.GetValues<Stall>())
                {
                    cases.Add(route, stall);
                }
            }

            return cases;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Call_BodyStallsAndCallerPassedNoToken_EndsWithTimeoutExceptionAfterTotalTimeout(ErrorRoute route, Stall stall)
    {
        var clock = new ObservableTimeProvider();
        using var body = new StallingContent(knownLength: stall != Stall.ChunkedSuccess);
        var status = stall == Stall.ErrorOfKnownLength ? HttpStatusCode.InternalServerError : HttpStatusCode.OK;
        var responses = new StubResponses(() => new HttpResponseMessage(status) { Content = body });
        await using var services = StubResponses.BuildClient(clock, responses, o => o.Resilience.MaxRetryAttempts = 0);
        var client = services.GetRequiredService<TelephonyClient>();

        var call = ErrorRoutes.InvokeAsync(client, route, CancellationToken.None);
        await body.ReadStarted.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        clock.Advance(ResilienceTestHost.TotalTimeout + TimeSpan.FromSeconds(1));

        var endedInTime = await Task.WhenAny(call, Task.Delay(Bound, TestContext.Current.CancellationToken)) == call;

        // Ends a read that ignored the SDK's timeout, so a failure here never leaves the call hanging.
        body.Release();
        var exception = await Record.ExceptionAsync(() => call);
        Assert.True(
            endedInTime,
            $"The stalled body was still being read {ResilienceTestHost.TotalTimeout} (TotalTimeout) after the headers arrived; released, the call ended with {exception?.GetType().Name}.");
        Assert.IsType<TelephonyTimeoutException>(exception);
    }

    /// <summary>A JSON body whose first read never completes until released (or its token is cancelled).</summary>
    private sealed class StallingContent(bool knownLength) : HttpContent
    {
        private readonly TaskCompletionSource _readStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenSource _released = new();

        public Task ReadStarted => _readStarted.Task;

        public void Release() => _released.Cancel();

        protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(new StallingStream(this));

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            new StallingStream(this).CopyToAsync(stream);

        protected override bool TryComputeLength(out long length)
        {
            length = 4096;
            return knownLength;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _released.Cancel();
            }

            base.Dispose(disposing);
        }

        private sealed class StallingStream(StallingContent content) : Stream
        {
            public override bool CanRead => true;

            public override bool CanSeek => false;

            public override bool CanWrite => false;

            public override long Length => throw new NotSupportedException();

            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

            public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            {
                content._readStarted.TrySetResult();
                using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, content._released.Token);
                try
                {
                    await Task.Delay(Timeout.Infinite, either.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new IOException("The test released a body the SDK was still reading.");
                }

                return 0;
            }

            public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
                ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Synchronous read of a stalled body.");

            public override void Flush()
            {
            }

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }
    }
}
