using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using DltDr.Emulator.Model;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Newtonsoft.Json.Linq;

namespace DltDr.Emulator.Api
{
    /// <summary>One REST call as a handler sees it: the workspace, the caller, the body and the query.</summary>
    public sealed class ApiCall
    {
        public ApiCall(EmulatedWorkspace workspace, HttpContext http, string body, byte[] bytes, string user)
        {
            Workspace = workspace;
            Http = http;
            RawBody = body;
            RawBytes = bytes;
            User = user;
        }

        /// <summary>The body as received (a multipart form's file is bytes, not text).</summary>
        public byte[] RawBytes { get; }

        /// <summary>Set by a handler that answers bytes instead of JSON (an export with direct_download).</summary>
        public (byte[] Content, string ContentType)? RawAnswer { get; set; }

        /// <summary>Whether the body is multipart/form-data (the SDKs' upload) rather than JSON.</summary>
        public bool IsMultipart => MediaTypeHeaderValue.TryParse(Http.Request.ContentType, out var type)
            && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase);

        /// <summary>The text fields of a multipart/form-data body and the file of the part named <paramref name="filePart"/>.</summary>
        public (IReadOnlyDictionary<string, string> Fields, byte[]? File) Form(string filePart)
        {
            if (!MediaTypeHeaderValue.TryParse(Http.Request.ContentType,
                out var type)) throw ApiException.InvalidParameter("The multipart body has no Content-Type.");
            var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
            if (string.IsNullOrEmpty(boundary)) throw
                new ApiException(System.Net.HttpStatusCode.BadRequest, "MALFORMED_REQUEST",
                    "The multipart/form-data body has no boundary.");
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            byte[]? file = null;
            var reader = new MultipartReader(boundary!, new MemoryStream(RawBytes));
            try
            {
                // The body is already in memory: reading it synchronously blocks on nothing.
                for (var section = reader.ReadNextSectionAsync().GetAwaiter().GetResult(); section != null;
                    section = reader.ReadNextSectionAsync().GetAwaiter().GetResult())
                {
                    if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)) continue;
                    var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? string.Empty;
                    using var buffer = new MemoryStream();
                    section.Body.CopyTo(buffer);
                    if (name == filePart) file = buffer.ToArray();
                    else fields[name] = Encoding.UTF8.GetString(buffer.ToArray());
                }
            }
            catch (IOException ex)
            {
                throw new ApiException(System.Net.HttpStatusCode.BadRequest, "MALFORMED_REQUEST",
                    "The multipart/form-data body is malformed: " + ex.Message);
            }
            return (fields, file);
        }

        public EmulatedWorkspace Workspace { get; }
        public HttpContext Http { get; }
        public string RawBody { get; }
        public string User { get; }

        public JObject Body => Json.ParseObject(RawBody);

        public string? Query(string name)
        {
            var v = Http.Request.Query[name];
            return v.Count == 0 ? null : v[v.Count - 1];
        }

        public string[] QueryAll(string name) => Http.Request.Query[name].ToArray()!;

        public int? QueryInt(string name)
        {
            var v = Query(name);
            if (v == null) return null;
            return int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n
                : throw ApiException.InvalidParameter($"Invalid value '{v}' for parameter {name}: expected an integer.");
        }

        public long? QueryLong(string name)
        {
            var v = Query(name);
            if (v == null) return null;
            return long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n
                : throw ApiException.InvalidParameter($"Invalid value '{v}' for parameter {name}: expected an integer.");
        }

        public bool QueryBool(string name, bool fallback = false)
        {
            var v = Query(name);
            if (v == null) return fallback;
            return bool.TryParse(v, out var b) ? b
                : throw ApiException.InvalidParameter($"Invalid value '{v}' for parameter {name}: expected true or false.");
        }

        /// <summary>Runs against the workspace's state under the simulation lock, after due events.</summary>
        public T Sync<T>(Func<DateTimeOffset, T> action) => Workspace.Sim.Sync(action);
    }
}
