namespace DltDr.Engine.Pairs
{
    /// <summary>The two regions of a pair.</summary>
    public enum Region
    {
        Primary,
        Secondary,
    }
}
