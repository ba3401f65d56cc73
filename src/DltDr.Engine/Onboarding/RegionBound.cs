using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace DltDr.Engine.Onboarding
{
    /// <summary>
    /// Whether a setting's value is bound to the primary region: it names the primary workspace,
    /// cloud storage (a storage account, a bucket), a mount, a volume, a cloud region, or a secret
    /// scope. Such a value is copied to the pair file as it is, and said, so someone decides what the
    /// secondary uses.
    /// </summary>
    internal static class RegionBound
    {
        private static readonly Regex StorageAccount = new Regex(@"\b([a-z0-9]{3,24})\.(dfs|blob)\.core\.windows\.net\b",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly Regex Bucket = new Regex(@"\b(abfss?|wasbs?|s3a?|gs)://[^\s""']+", RegexOptions.IgnoreCase);
        private static readonly Regex Secret = new Regex(@"\{\{\s*secrets/[^}]+\}\}", RegexOptions.IgnoreCase);

        /// <summary>Cloud region names (Azure, AWS, GCP) and the short forms teams put in names.</summary>
        private static readonly HashSet<string> RegionNames = new HashSet<string>(new[]
        {
            "westeurope", "northeurope", "uksouth", "ukwest", "francecentral", "germanywestcentral", "swedencentral",
            "switzerlandnorth", "norwayeast", "eastus", "eastus2", "westus", "westus2", "westus3", "centralus", "northcentralus",
            "southcentralus", "canadacentral", "canadaeast", "brazilsouth", "australiaeast", "australiasoutheast", "southeastasia",
            "eastasia", "japaneast", "japanwest", "koreacentral", "centralindia", "southindia", "uaenorth", "qatarcentral",
            "us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1",
            "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "ap-south-1", "ca-central-1", "sa-east-1",
            "europe-west1", "europe-west2", "europe-west3", "europe-west4", "us-central1", "us-east1", "us-east4", "us-west1",
            "asia-southeast1", "australia-southeast1",
            "weu", "neu", "eus", "eus2", "wus", "wus2", "cus", "uks", "ukw", "frc", "gwc", "sdc",
        }, StringComparer.OrdinalIgnoreCase);

        private static readonly Regex Token = new Regex(@"[a-z0-9]+(?:-[a-z0-9]+)*", RegexOptions.IgnoreCase);

        /// <summary>Why the value is bound to the primary region, or null when nothing in it is.</summary>
        internal static string? Why(string value, Uri primaryHost)
        {
            if (string.IsNullOrEmpty(value)) return null;
            var host = primaryHost.Host;
            if (value.IndexOf(host, StringComparison.OrdinalIgnoreCase) >= 0) return $"names the primary workspace ({host})";
            var account = StorageAccount.Match(value);
            if (account.Success) return $"names the storage account '{account.Groups[1].Value}'";
            var bucket = Bucket.Match(value);
            if (bucket.Success) return $"names cloud storage ({bucket.Value})";
            if (Secret.IsMatch(value)) return "reads a secret scope, which must exist in the secondary workspace too";
            if (value.StartsWith("/mnt/", StringComparison.Ordinal) || value.StartsWith("dbfs:/mnt/", StringComparison.OrdinalIgnoreCase))
            {
                return "is a mount point: mounts are made per workspace";
            }
            var region = RegionIn(value);
            if (region != null) return $"names the region '{region}'";
            if (value.StartsWith("/Volumes/", StringComparison.Ordinal))
            {
                return "is a Unity Catalog volume: the secondary's metastore needs it under the same name";
            }
            return null;
        }

        /// <summary>A cloud region named in the value as a token of its own (not inside another word).</summary>
        internal static string? RegionIn(string value)
            => Token.Matches(value).Cast<Match>().SelectMany(m => new[] { m.Value }.Concat(m.Value.Split('-')))
                .FirstOrDefault(t => RegionNames.Contains(t));
    }
}
