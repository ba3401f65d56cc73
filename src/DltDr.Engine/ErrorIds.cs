using System;

namespace DltDr.Engine
{
    /// <summary>
    /// The stable error ids of DltDr's failures (an ErrorRecord's FullyQualifiedErrorId starts with
    /// one). A refusal of a DR command is an id of its own too: its <c>DrRefusal</c> name.
    /// </summary>
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

        /// <summary>A command that asks first ran where no one can answer (-NonInteractive, a runbook) without -Force.</summary>
        public const string ConfirmationRequired = "ConfirmationRequired";

        /// <summary>Export-DltDrReport given a -Path in no existing folder, or a -Since in the future.</summary>
        public const string InvalidReportParameter = "InvalidReportParameter";

        /// <summary>New-DltDrPair: no pipeline of that name or id in the primary workspace.</summary>
        public const string PipelineNotFound = "PipelineNotFound";
        /// <summary>New-DltDrPair: several pipelines have the name given; -PipelineId chooses.</summary>
        public const string AmbiguousPipelineName = "AmbiguousPipelineName";
        /// <summary>New-DltDrPair: the pipeline has sources a pair cannot carry (jars, wheels, several folders).</summary>
        public const string UnsupportedPipelineSource = "UnsupportedPipelineSource";
        /// <summary>New-DltDrPair: the pair file exists and -Force was not given.</summary>
        public const string PairFileExists = "PairFileExists";
        /// <summary>New-DltDrPair given the same host for both regions, or a -Path that is not a folder.</summary>
        public const string InvalidNewPairParameter = "InvalidNewPairParameter";
        /// <summary>The id of a failure: its own when DltDr knows it, else its type's name.</summary>
        public static string Of(Exception ex) => ex is IDrError known ? known.ErrorId : ex.GetType().Name;
    }
}
