using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DltDr.Engine.Databricks.Models;
using Newtonsoft.Json.Linq;

namespace DltDr.Engine.Databricks
{
    /// <summary>Workspace API 2.0 for notebooks, thin and typed over the transport.</summary>
    public sealed class WorkspaceService
    {
        private const string Base = "/api/2.0/workspace";
        public const int MaxImportBytes = 10 * 1024 * 1024;
        private readonly DatabricksTransport _transport;

        public WorkspaceService(DatabricksTransport transport) => _transport = transport;

        /// <summary>Creates the folder and its parents; fine when it exists.</summary>
        public Task MkdirsAsync(string path, CancellationToken cancel)
            => _transport.SendAsync(new DatabricksRequest(HttpMethod.Post, Base + "/mkdirs", CallKind.IdempotentWrite,
                new JObject { ["path"] = path }), cancel);

        /// <summary>
        /// Imports a notebook from source (format SOURCE), replacing one already there when <paramref name="overwrite"/>.
        /// </summary>
        public Task ImportSourceAsync(string path, string language, byte[] content, bool overwrite, CancellationToken cancel)
        {
            if (content.Length > MaxImportBytes) throw
                new ArgumentException($"The notebook {path} is {content.Length} bytes; the service imports at most {MaxImportBytes} bytes.",
                    nameof(content));
            var body =
                new JObject { ["path"] = path, ["format"] = "SOURCE", ["language"] = language,
                    ["content"] = Convert.ToBase64String(content), ["overwrite"] = overwrite };
            return _transport.SendAsync(new DatabricksRequest(HttpMethod.Post, Base + "/import",
                overwrite ? CallKind.IdempotentWrite : CallKind.StartingWrite, body), cancel);
        }

        /// <summary>The object at <paramref name="path"/>, or null when there is none.</summary>
        public async Task<ObjectInfo?> GetStatusAsync(string path, CancellationToken cancel)
        {
            try
            {
                return ApiJson.Read<ObjectInfo>(await _transport.SendAsync(DatabricksRequest.Get(Base + "/get-status", ("path", path)),
                    cancel).ConfigureAwait(false));
            }
            catch (DatabricksApiException ex) when (ex.IsNotFound)
            {
                return null;
            }
        }

        /// <summary>A notebook's source as the service exports it (with its "Databricks notebook source" header).</summary>
        public Task<byte[]> ExportSourceAsync(string path, CancellationToken cancel) => ExportAsync(path, "SOURCE", cancel);

        /// <summary>Writes a workspace file (format RAW), replacing the one there.</summary>
        public Task WriteFileAsync(string path, byte[] content, CancellationToken cancel)
        {
            if (content.Length > MaxImportBytes) throw
                new ArgumentException($"The file {path} is {content.Length} bytes; the service imports at most {MaxImportBytes} bytes.",
                    nameof(content));
            var body =
                new JObject { ["path"] = path, ["format"] = "RAW", ["content"] = Convert.ToBase64String(content), ["overwrite"] = true };
            return _transport.SendAsync(new DatabricksRequest(HttpMethod.Post, Base + "/import", CallKind.IdempotentWrite, body), cancel);
        }

        /// <summary>A workspace file's bytes, or null when there is none.</summary>
        public async Task<byte[]?> ReadFileAsync(string path, CancellationToken cancel)
        {
            try
            {
                return await ExportAsync(path, "AUTO", cancel).ConfigureAwait(false);
            }
            catch (DatabricksApiException ex) when (ex.IsNotFound)
            {
                return null;
            }
        }

        private async Task<byte[]> ExportAsync(string path, string format, CancellationToken cancel)
        {
            var answer = await _transport.SendAsync(DatabricksRequest.Get(Base + "/export", ("path", path), ("format", format)),
                cancel).ConfigureAwait(false);
            return Convert.FromBase64String((string?)answer["content"] ?? string.Empty);
        }

        /// <summary>The objects directly in a folder (the service lists one level; an empty folder lists none).</summary>
        public async Task<IReadOnlyList<ObjectInfo>> ListAsync(string path, CancellationToken cancel)
        {
            var answer = await _transport.SendAsync(DatabricksRequest.Get(Base + "/list", ("path", path)), cancel).ConfigureAwait(false);
            return (answer["objects"] as JArray)?.Select(o => ApiJson.Read<ObjectInfo>((JObject)o)).ToList()
                ?? (IReadOnlyList<ObjectInfo>)Array.Empty<ObjectInfo>();
        }

        public Task DeleteAsync(string path, bool recursive, CancellationToken cancel)
            => _transport.SendAsync(new DatabricksRequest(HttpMethod.Post, Base + "/delete", CallKind.IdempotentWrite,
                new JObject { ["path"] = path, ["recursive"] = recursive }), cancel);
    }
}
