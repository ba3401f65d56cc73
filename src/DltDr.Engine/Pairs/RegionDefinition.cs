using System;
using DltDr.Engine.Auth;
using Newtonsoft.Json.Linq;

namespace DltDr.Engine.Pairs
{
    /// <summary>One region of a pair: its workspace, storage, per-region settings and how to authenticate (never a secret).</summary>
    public sealed class RegionDefinition
    {
        public RegionDefinition(Region region, Uri host, string? storage, JObject overrides, AuthSettings auth)
        {
            Region = region;
            Host = host;
            Storage = storage;
            Overrides = overrides;
            Auth = auth;
        }

        public Region Region { get; }
        public Uri Host { get; }

        /// <summary>The pipeline's storage location in this region (none for Unity Catalog pipelines).</summary>
        public string? Storage { get; }

        /// <summary>Pipeline settings that differ in this region (merged over the shared ones).</summary>
        public JObject Overrides { get; }

        public AuthSettings Auth { get; }
    }
}
