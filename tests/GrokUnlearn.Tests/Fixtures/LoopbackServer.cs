using System.Net;
using System.Net.Sockets;

namespace GrokUnlearn.Tests.Fixtures;

/// <summary>An HTTP server on 127.0.0.1 for download tests: each request is answered by the test's handler, and recorded.</summary>
public sealed class LoopbackServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<HttpListenerContext, int, Task> _handler;
    private readonly Task _loop;
    private int _count;

    public LoopbackServer(Func<HttpListenerContext, int, Task> handler)
    {
        _handler = handler;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Prefix = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(Prefix);
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string Prefix { get; }

    /// <summary>The Range header of every request, in order ("" when absent).</summary>
    public List<string> Ranges { get; } = [];

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }
            lock (Ranges) Ranges.Add(context.Request.Headers["Range"] ?? "");
            var n = Interlocked.Increment(ref _count);
            try
            {
                await _handler(context, n);
            }
            catch (Exception)
            {
                // A handler that aborts the connection on purpose ends up here.
            }
        }
    }

    /// <summary>Serves <paramref name="body"/>, honouring "Range: bytes=N-" with 206 Partial Content.</summary>
    public static async Task ServeAsync(HttpListenerContext context, byte[] body)
    {
        var range = context.Request.Headers["Range"];
        var start = 0;
        if (range is not null && range.StartsWith("bytes=", StringComparison.Ordinal))
        {
            start = int.Parse(range["bytes=".Length..].TrimEnd('-'), System.Globalization.CultureInfo.InvariantCulture);
            context.Response.StatusCode = 206;
            context.Response.Headers["Content-Range"] = $"bytes {start}-{body.Length - 1}/{body.Length}";
        }
        context.Response.ContentLength64 = body.Length - start;
        await context.Response.OutputStream.WriteAsync(body.AsMemory(start));
        context.Response.Close();
    }

    /// <summary>Answers with an empty body and the given status (500, 503, 404, …).</summary>
    public static Task StatusAsync(HttpListenerContext context, int status)
    {
        context.Response.StatusCode = status;
        context.Response.Close();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }
}
