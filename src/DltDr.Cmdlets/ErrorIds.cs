namespace DltDr.Cmdlets
{
    /// <summary>The stable error ids DltDr's error records carry (FullyQualifiedErrorId starts with one of these).</summary>
    public static class ErrorIds
    {
        public const string PairNotFound = "PairNotFound";
        public const string InvalidPairDefinition = "InvalidPairDefinition";
    }
}
