using System;
using System.Linq;
using DltDr.Engine.Deployment;
using DltDr.Engine.Pairs;

namespace DltDr.Engine.Status
{
    /// <summary>
    /// The catalog a pair's standby pipeline writes to, when the account failover group the pair
    /// follows replicates it: in the standby region it is a read-only replica, so the standby's
    /// catch-up cannot write there. Status calls it FailoverGroupReplicatesCatalog; publish warns.
    /// </summary>
    public static class ReplicatedCatalog
    {
        /// <summary>The replicated catalog and the standby region, or null when the pair writes to none the group replicates.</summary>
        public static (string Catalog, Region Standby)? Of(PairDefinition pair, FailoverGroupRead? read)
        {
            var catalogs = (read?.Info?.UnityCatalogAssets?["catalogs"] as Newtonsoft.Json.Linq.JArray)?
                .Select(c => (string?)c["name"]).Where(n => n != null).ToList();
            if (read == null || catalogs == null || catalogs.Count == 0) return null;
            if (!(read.Link.RegionOf(read.Info!.EffectivePrimaryRegion) is Region primary)) return null;
            var standby = Regions.Other(primary);
            var catalog = (string?)DesiredState.Pipeline(pair, standby, false)["catalog"];
            if (catalog == null || !catalogs.Contains(catalog, StringComparer.OrdinalIgnoreCase)) return null;
            return (catalog, standby);
        }

        /// <summary>What it means and what fixes it, naming the group, the catalog and the region.</summary>
        public static string Describe(FailoverGroupRead read, string catalog, Region standby)
            => $"The failover group {read.Link.Id} replicates the catalog {catalog} from {read.Info!.EffectivePrimaryRegion}: in the "
                + $"pair's {Regions.Name(standby)} region it is a read-only replica, so the standby pipeline's catch-up cannot "
                + $"write to it. Give the {Regions.Name(standby)} region a catalog of its own "
                + $"(regions.{Regions.Name(standby)}.overrides.catalog) and publish, or leave the catalog out of the failover "
                + "group's replication.";
    }
}
