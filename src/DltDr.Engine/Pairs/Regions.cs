namespace DltDr.Engine.Pairs
{
    /// <summary>How regions are named everywhere (definitions, tags, messages): one place.</summary>
    public static class Regions
    {
        public static readonly Region[] Both = { Region.Primary, Region.Secondary };

        /// <summary>"primary" or "secondary", as in pair definitions, tags and messages.</summary>
        public static string Name(Region region) => region == Region.Primary ? "primary" : "secondary";

        public static Region Other(Region region) => region == Region.Primary ? Region.Secondary : Region.Primary;

        /// <summary>pair/region, the way every message names one region of one pair.</summary>
        public static string Label(string pair, Region region) => pair + "/" + Name(region);
    }
}
