using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace DltDr.Emulator.Api
{
    /// <summary>Writing JSON answers and Databricks error bodies.</summary>
    internal static class HttpJson
    {
        public static async Task WriteAsync(HttpContext ctx, int status, JToken body)
        {
            ctx.Response.StatusCode = status;
            ctx.Response.ContentType = "application/json";
            var bytes = Encoding.UTF8.GetBytes(body.ToString(Formatting.None));
            ctx.Response.ContentLength = bytes.Length;
            await ctx.Response.Body.WriteAsync(bytes, 0, bytes.Length, ctx.RequestAborted).ConfigureAwait(false);
        }

        /// <summary>The service's error body: <c>error_code</c>, <c>message</c> and an ErrorInfo detail.</summary>
        public static Task WriteErrorAsync(HttpContext ctx, int status, string errorCode, string message)
        {
            var body = new JObject
            {
                ["error_code"] = errorCode,
                ["message"] = message,
                ["details"] = new JArray(new JObject
                {
                    ["@type"] = "type.googleapis.com/google.rpc.ErrorInfo",
                    ["reason"] = errorCode,
                    ["domain"] = "",
                    ["metadata"] = new JObject(),
                }),
            };
            return WriteAsync(ctx, status, body);
        }

        /// <summary>The body as bytes: a multipart upload carries a file that is not text.</summary>
        public static async Task<byte[]> ReadBodyBytesAsync(HttpContext ctx)
        {
            using var buffer = new System.IO.MemoryStream();
            await ctx.Request.Body.CopyToAsync(buffer, ctx.RequestAborted).ConfigureAwait(false);
            return buffer.ToArray();
        }

        /// <summary>Raw bytes, as an export with direct_download answers them.</summary>
        public static async Task WriteBytesAsync(HttpContext ctx, int status, byte[] content, string contentType)
        {
            ctx.Response.StatusCode = status;
            ctx.Response.ContentType = contentType;
            ctx.Response.ContentLength = content.Length;
            await ctx.Response.Body.WriteAsync(content, 0, content.Length, ctx.RequestAborted).ConfigureAwait(false);
        }

        public static async Task<string> ReadBodyAsync(HttpContext ctx)
        {
            using var reader = new System.IO.StreamReader(ctx.Request.Body, Encoding.UTF8);
            return await reader.ReadToEndAsync(ctx.RequestAborted).ConfigureAwait(false);
        }
    }
}
