using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Telephony.Sdk.Goodput.Fleet;

/// <summary>
/// A rate limiter that no one on the team wrote, in front of the fake server (whose own limit is off): nginx
/// <c>limit_req</c> or an HAProxy stick table, keyed by the <c>Authorization</c> header, on 127.0.0.1 and a free port,
/// from a configuration written to a temporary folder. It counts the 429s it answered; disposing it stops it.
/// </summary>
internal sealed class RealLimiter : IAsyncDisposable
{
    private const string Envelope = """{"error":{"code":"rate_limited","message":"Too many requests"}}""";

    private readonly Process _process;
    private readonly string _folder;
    private readonly Func<Task<int>> _count429s;

    private RealLimiter(Process process, string folder, Uri baseAddress, Func<Task<int>> count429s)
    {
        _process = process;
        _folder = folder;
        BaseAddress = baseAddress;
        _count429s = count429s;
    }

    public Uri BaseAddress { get; }

    public Task<int> Count429sAsync() => _count429s();

    public static async Task<RealLimiter> StartAsync(FleetCell cell, Uri upstream)
    {
        var folder = Directory.CreateTempSubdirectory("telephony-goodput-").FullName;
        var port = FreePort();
        string file;
        string[] arguments;
        Func<Task<int>> count;
        if (cell.Server == FleetServer.Nginx)
        {
            file = "nginx";
            File.WriteAllText(Path.Combine(folder, "nginx.conf"), NginxConfig(cell, upstream, port, folder));
            arguments = ["-p", folder, "-c", Path.Combine(folder, "nginx.conf")];
            var log = Path.Combine(folder, "access.log");
            count = () => Task.FromResult(File.Exists(log) ? File.ReadLines(log).Count(l => l.Trim() == "429") : 0);
        }
        else
        {
            file = "haproxy";
            var statsPort = FreePort();
            File.WriteAllText(Path.Combine(folder, "haproxy.cfg"), HAProxyConfig(cell, upstream, port, statsPort));
            arguments = ["-db", "-f", Path.Combine(folder, "haproxy.cfg")];
            count = () => CountHAProxy429sAsync(statsPort);
        }

        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var limiter = new RealLimiter(process, folder, new Uri($"http://127.0.0.1:{port}/api/"), count);
        for (var i = 0; i < 100 && !process.HasExited; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return limiter;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        var error = process.HasExited ? await process.StandardError.ReadToEndAsync() : "no answer within 5 s";
        await limiter.DisposeAsync();
        throw new InvalidOperationException($"{file} did not start: {error}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>A free port on 127.0.0.1 (asked of the system; taken again by the caller a moment later).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // limit_req: a leaky bucket draining at the rate, taking a burst at once (nodelay), refusing the rest with 429. With
    // headers, nginx states its limit as the IETF draft lets a server list several policies: the burst it keeps, per the
    // burst's drain time in whole seconds (as the fake's leaky bucket states its own: 50 per 5 s at 10 r/s, 40 per 1 s at
    // 40 r/s), and its rate per minute. It cannot say what remains.
    private static string NginxConfig(FleetCell cell, Uri upstream, int port, string folder)
    {
        var drainSeconds = Math.Max(1, FleetCell.Burst / cell.PerSecond);
        var burstQuota = Math.Min(FleetCell.Burst, cell.PerSecond * drainSeconds);
        var policy = cell.Headers
            ? string.Create(CultureInfo.InvariantCulture, $"add_header RateLimit-Policy '\"burst\";q={burstQuota};w={drainSeconds}, \"default\";q={cell.PerMinute};w=60' always; add_header X-RateLimit-Limit {cell.PerMinute} always;")
            : string.Empty;
        var tooMany = cell.RetryAfter ? "add_header Retry-After 1 always;" : string.Empty;
        var user = Environment.UserName == "root" ? "user root;" : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $$"""
            {{user}}
            daemon off;
            master_process on;
            worker_processes 1;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log warn;
            events { worker_connections 1024; }
            http {
              log_format status '$status';
              access_log {{folder}}/access.log status;
              client_body_temp_path {{folder}}/body;
              proxy_temp_path {{folder}}/proxy;
              fastcgi_temp_path {{folder}}/fastcgi;
              uwsgi_temp_path {{folder}}/uwsgi;
              scgi_temp_path {{folder}}/scgi;
              limit_req_zone $http_authorization zone=keys:1m rate={{cell.PerSecond}}r/s;
              limit_req_status 429;
              upstream fake { server {{upstream.Host}}:{{upstream.Port}}; keepalive 64; }
              server {
                listen 127.0.0.1:{{port}};
                location / {
                  limit_req zone=keys burst={{FleetCell.Burst}} nodelay;
                  error_page 429 = @toomany;
                  {{policy}}
                  proxy_pass http://fake;
                  proxy_http_version 1.1;
                  proxy_set_header Connection "";
                }
                location @toomany {
                  default_type application/json;
                  {{tooMany}}
                  {{policy}}
                  return 429 '{{Envelope}}';
                }
              }
            }
            """);
    }

    // A stick table keyed by the Authorization header: every request, refused ones too, counts in the key's rate over the
    // period, as many gateways count them; over the limit, 429. With headers, the IETF draft's policy and what remains.
    private static string HAProxyConfig(FleetCell cell, Uri upstream, int port, int statsPort)
    {
        var limit = cell.PerPeriod;
        var period = (int)FleetCell.Period.TotalSeconds;
        var retryAfter = cell.RetryAfter ? "hdr Retry-After 1" : string.Empty;
        var tooManyHeaders = cell.Headers
            ? string.Create(CultureInfo.InvariantCulture, $"hdr RateLimit-Policy '\"default\";q={limit};w={period}' hdr RateLimit '\"default\";r=0;t={period}'")
            : string.Empty;
        var okHeaders = cell.Headers
            ? string.Create(CultureInfo.InvariantCulture, $"""
                http-response set-header RateLimit-Policy '"default";q={limit};w={period}'
                  http-response set-header RateLimit '"default";r=%[sc_http_req_rate(0),neg,add({limit})];t={period}'
                """)
            : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $$"""
            global
              maxconn 2000
            defaults
              mode http
              timeout connect 5s
              timeout client 60s
              timeout server 60s
            frontend api
              bind 127.0.0.1:{{port}}
              stick-table type string len 200 size 10k expire 2m store http_req_rate({{period}}s)
              http-request track-sc0 req.hdr(Authorization)
              http-request return status 429 content-type application/json string '{{Envelope}}' {{retryAfter}} {{tooManyHeaders}} if { sc_http_req_rate(0) gt {{limit}} }
              {{okHeaders}}
              default_backend fake
            backend fake
              server fake {{upstream.Host}}:{{upstream.Port}}
            frontend stats
              bind 127.0.0.1:{{statsPort}}
              stats enable
              stats uri /stats

            """);
    }

    // The frontend's 4xx answers (the fake answers none here: its key is known and its limit is off).
    private static async Task<int> CountHAProxy429sAsync(int statsPort)
    {
        using var http = new HttpClient();
        var csv = await http.GetStringAsync(new Uri($"http://127.0.0.1:{statsPort}/stats;csv"));
        var lines = csv.Split('\n');
        var columns = lines[0].TrimStart('#', ' ').Split(',');
        var index = Array.IndexOf(columns, "hrsp_4xx");
        var api = lines.Select(l => l.Split(',')).First(f => f.Length > index && f[0] == "api" && f[1] == "FRONTEND");
        return int.Parse(api[index], CultureInfo.InvariantCulture);
    }
}
