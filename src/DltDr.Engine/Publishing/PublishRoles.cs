using DltDr.Engine.Deployment;
using DltDr.Engine.Pairs;

namespace DltDr.Engine.Publishing
{
    /// <summary>Which role a region gets when publishing: publishing never moves the active region.</summary>
    public static class PublishRoles
    {
        /// <summary>
        /// The role the workspace already has; on a first publish in this region, the opposite of
        /// the other region's live role; when neither region has the pipeline (or the other one
        /// cannot be read), primary active and secondary standby.
        /// </summary>
        public static bool IsActive(Region region, RegionState? mine, RegionState? other)
        {
            if (mine?.Active is bool kept) return kept;
            if (other?.Active is bool otherActive) return !otherActive;
            return region == Region.Primary;
        }
    }
}
