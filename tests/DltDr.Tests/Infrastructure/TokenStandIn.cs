using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;

namespace DltDr.Tests.Infrastructure
{
    /// <summary>
    /// A loopback stand-in for a token endpoint (Entra ID, a managed identity endpoint, IMDS): it records requests and answers what it is told.
    /// Shared with the Framework lane (tests/DltDr.Framework.Tests), so only what net48 has.
    /// </summary>
    public sealed class TokenStandIn : IDisposable
    {
        private readonly HttpListener _listener = new HttpListener();
        private readonly Task _loop;

        public TokenStandIn(Func<RecordedRequest, (int Status, string Body)> answer)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            _listener.Start();
            _loop = Task.Run(async () =>
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext ctx;
                    try { ctx = await _listener.GetContextAsync(); }
                    catch (Exception) { return; }
                    var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                    foreach (string k in ctx.Request.Headers) headers[k] = ctx.Request.Headers[k]!;
                    using var reader = new StreamReader(ctx.Request.InputStream, Encoding.UTF8);
                    var req = new RecordedRequest(ctx.Request.HttpMethod, ctx.Request.Url!.PathAndQuery, headers, await reader.ReadToEndAsync());
                    Requests.Enqueue(req);
                    var (status, body) = answer(req);
                    var bytes = Encoding.UTF8.GetBytes(body);
                    ctx.Response.StatusCode = status;
                    ctx.Response.ContentType = "application/json";
                    await ctx.Response.OutputStream.WriteAsync(bytes, 0, bytes.Length);
                    ctx.Response.Close();
                }
            });
        }

        public int Port { get; }
        public string Url => $"http://127.0.0.1:{Port}/";
        public ConcurrentQueue<RecordedRequest> Requests { get; } = new ConcurrentQueue<RecordedRequest>();

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
        }

        /// <summary>One request it received (a class, not a record: this file is built for .NET Framework too).</summary>
        public sealed class RecordedRequest
        {
            public RecordedRequest(string method, string pathAndQuery, IReadOnlyDictionary<string, string> headers, string body)
            {
                Method = method;
                PathAndQuery = pathAndQuery;
                Headers = headers;
                Body = body;
            }

            public string Method { get; }
            public string PathAndQuery { get; }
            public IReadOnlyDictionary<string, string> Headers { get; }
            public string Body { get; }
        }
    }
}
