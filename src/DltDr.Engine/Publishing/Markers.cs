namespace DltDr.Engine.Publishing
{
    /// <summary>The tags DltDr writes on what it deploys, so it finds its own resources by marker, not by name alone.</summary>
    public static class Markers
    {
        public const string PairTag = "dltdr-pair";
        public const string RegionTag = "dltdr-region";
        public const string CatchUpTaskKey = "catch_up";

        public static string CatchUpJobName(string pipelineName) => pipelineName + " catch-up";
    }
}
