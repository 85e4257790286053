using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Telephony.Sdk.Browser.Tests;

/// <summary>A page of the app and everything its browser console received: messages and uncaught errors.</summary>
public sealed class AppPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly ConcurrentQueue<(string Type, string Text)> _console = new();

    internal AppPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) => _console.Enqueue((message.Type, $"{message.Text} ({message.Location})"));
        page.PageError += (_, error) => _console.Enqueue(("pageerror", error));
    }

    public IPage Page { get; }

    /// <summary>Gets when the page was opened, to tell its requests at the server from those of earlier pages.</summary>
    public DateTimeOffset OpenedAt { get; } = DateTimeOffset.UtcNow;

    public IReadOnlyList<(string Type, string Text)> Console => [.. _console];

    /// <summary>Everything the console received, one line each, for assertions and their messages.</summary>
    public string ConsoleText => string.Join(Environment.NewLine, Console.Select(m => $"[{m.Type}] {m.Text}"));

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
