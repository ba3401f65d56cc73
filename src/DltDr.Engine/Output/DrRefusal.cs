namespace DltDr.Engine.Output
{
    /// <summary>Why a DR command refused or stopped; each becomes an error id of the same name.</summary>
    public enum DrRefusal
    {
        /// <summary>A catch-up was asked of the active region.</summary>
        CatchUpOnActiveRegion,

        /// <summary>No region is clearly standby (both or neither active, or one unknown).</summary>
        NoStandbyRegion,

        /// <summary>The region to make active cannot be reached.</summary>
        TargetUnreachable,

        /// <summary>The other region cannot be reached and -Unplanned was not given.</summary>
        OtherRegionUnreachable,

        /// <summary>A region of the pair is not published.</summary>
        NotPublished,

        /// <summary>The promoted pipeline's update did not reach RUNNING (failed, or not in time).</summary>
        PromotionFailed,

        /// <summary>Waiting took longer than allowed.</summary>
        Timeout,

        /// <summary>The catch-up run ended without success.</summary>
        CatchUpFailed,

        /// <summary>Someone else changed the pair during the command.</summary>
        ConcurrentChange,

        /// <summary>A region refused the credentials (or none are configured): it answered, and may be running.</summary>
        AuthenticationFailed,

        /// <summary>A region's identity lacks the rights on the pair's pipeline, job or folder.</summary>
        PermissionDenied,

        /// <summary>A planned switch ended with both regions continuous: the other could not be demoted.</summary>
        BothActive,

        /// <summary>Not switched: a pair it depends on did not come to run in the target region.</summary>
        UpstreamFailed,

        /// <summary>-FailoverGroup: the pairs do not all follow one failover group (a group file's failoverGroup).</summary>
        NoCommonFailoverGroup,

        /// <summary>-FailoverGroup: the account failover group's failover ended FAILOVER_FAILED; no pipeline was moved.</summary>
        FailoverGroupFailed,

        /// <summary>-FailoverGroup: the failover group changed after it was read (etag), or went elsewhere; nothing moved.</summary>
        FailoverGroupChanged,
    }
}
