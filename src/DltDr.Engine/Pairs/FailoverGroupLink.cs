using System;

namespace DltDr.Engine.Pairs
{
    /// <summary>
    /// The account failover group a pair group follows (its group file's failoverGroup): the account
    /// host and id, the group's id, and which cloud region is the pair's primary and which its
    /// secondary. Databricks' managed DR moves data and workspace assets, not pipelines: status names
    /// a pair whose active region is not the failover group's effective primary region.
    /// </summary>
    public sealed class FailoverGroupLink
    {
        public FailoverGroupLink(Uri account, string accountId, string id, string primaryRegion, string secondaryRegion,
            Auth.AuthSettings? auth = null)
        {
            Auth = auth ?? new Auth.AuthSettings();
            Account = account;
            AccountId = accountId;
            Id = id;
            PrimaryRegion = primaryRegion;
            SecondaryRegion = secondaryRegion;
        }

        /// <summary>The account host (https://accounts.azuredatabricks.net).</summary>
        public Uri Account { get; }
        public string AccountId { get; }

        /// <summary>The failover group's id (the last part of accounts/{account_id}/failover-groups/{id}).</summary>
        public string Id { get; }

        /// <summary>How to sign in to the account host without -Token (failoverGroup.auth; else the environment's credentials).</summary>
        public Auth.AuthSettings Auth { get; }

        /// <summary>The cloud region of the pairs' primary workspaces (westeurope).</summary>
        public string PrimaryRegion { get; }
        public string SecondaryRegion { get; }

        /// <summary>One read per command for every pair that follows the same group.</summary>
        public string Key => $"{Account.GetLeftPart(UriPartial.Authority).ToLowerInvariant()}|{AccountId}|{Id}";

        /// <summary>The pair's region a cloud region is, or null for neither.</summary>
        public Region? RegionOf(string? cloudRegion)
            => string.Equals(cloudRegion, PrimaryRegion, StringComparison.OrdinalIgnoreCase) ? Region.Primary
                : string.Equals(cloudRegion, SecondaryRegion, StringComparison.OrdinalIgnoreCase) ? Region.Secondary
                : (Region?)null;

        public override string ToString() => $"accounts/{AccountId}/failover-groups/{Id}";
    }
}
