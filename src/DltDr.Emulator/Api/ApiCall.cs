using System;
using System.Globalization;
using DltDr.Emulator.Model;
using Microsoft.AspNetCore.Http;
using Newtonsoft.Json.Linq;

namespace DltDr.Emulator.Api
{
    /// <summary>One REST call as a handler sees it: the workspace, the caller, the body and the query.</summary>
    public sealed class ApiCall
    {
        public ApiCall(EmulatedWorkspace workspace, HttpContext http, string body, string user)
        {
            Workspace = workspace;
            Http = http;
            RawBody = body;
            User = user;
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
            return int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : throw ApiException.InvalidParameter($"Invalid value '{v}' for parameter {name}: expected an integer.");
        }

        public long? QueryLong(string name)
        {
            var v = Query(name);
            if (v == null) return null;
            return long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : throw ApiException.InvalidParameter($"Invalid value '{v}' for parameter {name}: expected an integer.");
        }

        public bool QueryBool(string name, bool fallback = false)
        {
            var v = Query(name);
            if (v == null) return fallback;
            return bool.TryParse(v, out var b) ? b : throw ApiException.InvalidParameter($"Invalid value '{v}' for parameter {name}: expected true or false.");
        }

        /// <summary>Runs against the workspace's state under the simulation lock, after due events.</summary>
        public T Sync<T>(Func<DateTimeOffset, T> action) => Workspace.Sim.Sync(action);
    }
}
