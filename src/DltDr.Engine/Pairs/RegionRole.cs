namespace DltDr.Engine.Pairs
{
    /// <summary>A region's role in its pair: active (continuous, catch-up paused) or standby (triggered, caught up on schedule).</summary>
    public enum RegionRole
    {
        Unknown,
        Active,
        Standby,
    }
}
