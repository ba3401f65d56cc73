namespace DltDr.Engine.History
{
    /// <summary>The operations history records.</summary>
    public static class HistoryOperations
    {
        public const string Publish = "Publish";
        public const string Switch = "Switch";
        public const string CatchUp = "CatchUp";
    }
}
