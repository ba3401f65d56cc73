using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using DltDr.Emulator.Api;
using DltDr.Emulator.Auth;
using Microsoft.AspNetCore.Http;

namespace DltDr.Emulator.Hosting
{
    /// <summary>
    /// A stand-in for Azure Blob Storage containers, on the control port beside the managed identity
    /// endpoint: where an Automation runbook puts what must outlast its sandbox (the monthly DR
    /// report). At /control/blob/{container}/{name}: PUT (x-ms-blob-type BlockBlob), HEAD and GET, as
    /// the Blob service answers them (201, 200, 404 BlobNotFound, 403 AuthenticationFailed, 400
    /// MissingRequiredHeader, errors as its XML), each with a bearer token the identity endpoint issued
    /// for https://storage.azure.com/ and an x-ms-version. Held in memory.
    /// </summary>
    public sealed class BlobContainerStandIn
    {
        public const string PathPrefix = "/control/blob/";
        public const string StorageResource = "https://storage.azure.com/";

        private readonly object _sync = new object();
        private readonly Dictionary<string, (byte[] Body, string ContentType)> _blobs =
            new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        private readonly ManagedIdentityEndpoint _identity;
        private readonly Func<Func<DateTimeOffset, string?>, string?> _underLock;

        /// <param name="resourceOf">The resource a token was issued for, read under the simulation's lock.</param>
        public BlobContainerStandIn(ManagedIdentityEndpoint identity, Func<Func<DateTimeOffset, string?>, string?> resourceOf)
        {
            _identity = identity;
            _underLock = resourceOf;
        }

        /// <summary>The blobs held: container/name and size, for tests.</summary>
        public IReadOnlyList<(string Name, int Bytes, string ContentType)> List()
        {
            lock (_sync) return _blobs.Select(b => (b.Key, b.Value.Body.Length, b.Value.ContentType)).OrderBy(b => b.Key).ToList();
        }

        public byte[]? Read(string name)
        {
            lock (_sync) return _blobs.TryGetValue(name, out var b) ? b.Body : null;
        }

        public async Task HandleAsync(HttpContext ctx)
        {
            var name = Uri.UnescapeDataString((ctx.Request.Path.Value ?? "").Substring(PathPrefix.Length));
            if (name.IndexOf('/') <= 0 || name.EndsWith("/", StringComparison.Ordinal))
            {
                await ErrorAsync(ctx, 400, "InvalidUri", "The address names no container/blob.").ConfigureAwait(false);
                return;
            }
            var auth = ctx.Request.Headers["Authorization"].ToString();
            var token = auth.StartsWith("Bearer ", StringComparison.Ordinal) ? auth.Substring(7) : null;
            if (token == null || _underLock(_ => _identity.ResourceOf(token)) != StorageResource)
            {
                await ErrorAsync(ctx, 403, "AuthenticationFailed",
                    "Server failed to authenticate the request: no bearer token issued for https://storage.azure.com/.")
                    .ConfigureAwait(false);
                return;
            }
            if (string.IsNullOrEmpty(ctx.Request.Headers["x-ms-version"].ToString()))
            {
                await ErrorAsync(ctx, 400, "MissingRequiredHeader", "An HTTP header that's mandatory for this request is not specified: "
                    + "x-ms-version.").ConfigureAwait(false);
                return;
            }
            switch (ctx.Request.Method)
            {
                case "PUT":
                    if (ctx.Request.Headers["x-ms-blob-type"].ToString() != "BlockBlob")
                    {
                        await ErrorAsync(ctx, 400, "MissingRequiredHeader", "An HTTP header that's mandatory for this request is not "
                            + "specified: x-ms-blob-type.").ConfigureAwait(false);
                        return;
                    }
                    var body = await HttpJson.ReadBodyBytesAsync(ctx).ConfigureAwait(false);
                    lock (_sync) _blobs[name] = (body, ctx.Request.ContentType ?? "application/octet-stream");
                    ctx.Response.StatusCode = 201;
                    return;
                case "HEAD":
                case "GET":
                    (byte[] Body, string ContentType) blob;
                    lock (_sync)
                    {
                        if (!_blobs.TryGetValue(name, out blob))
                        {
                            blob = default;
                        }
                    }
                    if (blob.Body == null)
                    {
                        await ErrorAsync(ctx, 404, "BlobNotFound", "The specified blob does not exist.").ConfigureAwait(false);
                        return;
                    }
                    ctx.Response.StatusCode = 200;
                    ctx.Response.ContentType = blob.ContentType;
                    ctx.Response.ContentLength = blob.Body.Length;
                    if (ctx.Request.Method == "GET")
                    {
                        await ctx.Response.Body.WriteAsync(blob.Body, 0, blob.Body.Length).ConfigureAwait(false);
                    }
                    return;
                default:
                    await ErrorAsync(ctx, 405, "UnsupportedHttpVerb", "The resource doesn't support the specified HTTP verb.")
                        .ConfigureAwait(false);
                    return;
            }
        }

        private static async Task ErrorAsync(HttpContext ctx, int status, string code, string message)
        {
            ctx.Response.StatusCode = status;
            ctx.Response.Headers["x-ms-error-code"] = code;
            if (ctx.Request.Method == "HEAD") return;
            var xml = Encoding.UTF8.GetBytes($"<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>{code}</Code><Message>{message}"
                + "</Message></Error>");
            ctx.Response.ContentType = "application/xml";
            ctx.Response.ContentLength = xml.Length;
            await ctx.Response.Body.WriteAsync(xml, 0, xml.Length).ConfigureAwait(false);
        }
    }
}
