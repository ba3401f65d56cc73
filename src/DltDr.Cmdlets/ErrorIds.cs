namespace DltDr.Cmdlets
{
    /// <summary>The stable error ids DltDr's error records carry (FullyQualifiedErrorId starts with one of these).</summary>
    public static class ErrorIds
    {
        public const string PairNotFound = "PairNotFound";
        public const string InvalidPairDefinition = "InvalidPairDefinition";
        public const string PairNameConflict = "PairNameConflict";
        public const string RegionUnreachable = "RegionUnreachable";
        public const string AuthenticationFailed = "AuthenticationFailed";
        public const string PermissionDenied = "PermissionDenied";
        public const string ResourceNotOwned = "ResourceNotOwned";
        public const string AmbiguousMarker = "AmbiguousMarker";
        public const string ImmutableSetting = "ImmutableSetting";
        public const string OutcomeUnknown = "OutcomeUnknown";
        public const string DatabricksError = "DatabricksError";
    }
}
