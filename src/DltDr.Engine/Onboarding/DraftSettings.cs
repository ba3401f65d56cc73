using System;
using Newtonsoft.Json.Linq;

namespace DltDr.Engine.Onboarding
{
    /// <summary>
    /// What New-DltDrPair writes into every pair besides the pipeline: the two regions, the catch-up
    /// schedule, the objectives.
    /// </summary>
    public sealed class DraftSettings
    {
        public const string DefaultSchedule = "0 0 1 * * ?";
        public const string DefaultTimeZone = "UTC";
        public const string DefaultRecoveryTime = "15m";
        public const string DefaultStandbyLag = "26h";

        public DraftSettings(Uri primaryHost, Uri secondaryHost, string folder)
        {
            PrimaryHost = primaryHost;
            SecondaryHost = secondaryHost;
            Folder = folder;
        }

        public Uri PrimaryHost { get; }
        public Uri SecondaryHost { get; }

        /// <summary>The folder the pair files go in (notebooks in notebooks/PAIR beside them).</summary>
        public string Folder { get; }

        /// <summary>Each region's auth object as a pair file has it (from a template pair); none: the environment's.</summary>
        public JObject? PrimaryAuth { get; set; }
        public JObject? SecondaryAuth { get; set; }

        /// <summary>The catchUp object of a template pair; none: nightly at 01:00 UTC.</summary>
        public JObject? CatchUp { get; set; }

        /// <summary>The objectives object of a template pair; none: 15 minutes to recover, 26 hours of lag.</summary>
        public JObject? Objectives { get; set; }

        /// <summary>Overwrite a pair file that exists (-Force).</summary>
        public bool Overwrite { get; set; }
    }
}
