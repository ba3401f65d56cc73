using System;
using System.Collections.Generic;
using System.Linq;

namespace DltDr.Engine.Onboarding
{
    /// <summary>
    /// A pair definition drafted from a live pipeline by New-DltDrPair: the pair file's text, the
    /// notebooks exported beside it, the defaults it took, and every value it could not simply copy.
    /// </summary>
    public sealed class PairDraft
    {
        internal PairDraft(string pair, string pipelineId, string pipelineName, Uri primaryHost, Uri secondaryHost, string path,
            string sourceFolder, string workspaceDirectory, IReadOnlyList<ExportedNotebook> notebooks, string catchUp, bool catchUpDefault,
            string objectives, bool objectivesDefault, IReadOnlyList<DraftWarning> warnings, string json, string? state, bool continuous,
            IReadOnlyList<string>? include = null)
        {
            Include = include;
            Pair = pair;
            PipelineId = pipelineId;
            PipelineName = pipelineName;
            PrimaryHost = primaryHost;
            SecondaryHost = secondaryHost;
            Path = path;
            SourceFolder = sourceFolder;
            WorkspaceDirectory = workspaceDirectory;
            Exported = notebooks;
            CatchUp = catchUp;
            CatchUpIsDefault = catchUpDefault;
            Objectives = objectives;
            ObjectivesAreDefault = objectivesDefault;
            Warnings = warnings;
            Json = json;
            PipelineState = state;
            Continuous = continuous;
        }

        /// <summary>The pair's name (its file is NAME.json).</summary>
        public string Pair { get; }

        public string PipelineId { get; }
        public string PipelineName { get; }
        public Uri PrimaryHost { get; }
        public Uri SecondaryHost { get; }

        /// <summary>The pair file.</summary>
        public string Path { get; }

        /// <summary>The folder the notebooks are exported to (the pair file's notebooks.source).</summary>
        public string SourceFolder { get; }

        /// <summary>The notebooks' workspace folder, in both regions.</summary>
        public string WorkspaceDirectory { get; }

        /// <summary>
        /// The pipeline's files and globs relative to the workspace folder (notebooks.include), when it
        /// runs workspace files; null when it runs notebooks.
        /// </summary>
        public IReadOnlyList<string>? Include { get; }

        /// <summary>The folder is workspace files (copied whole), not a folder of notebooks.</summary>
        public bool IsFileTree => Include != null;

        /// <summary>The workspace paths copied: each notebook in its source format, each workspace file as its bytes.</summary>
        public IReadOnlyList<string> Notebooks => Exported.Select(n => n.WorkspacePath).ToList();

        internal IReadOnlyList<ExportedNotebook> Exported { get; }

        /// <summary>The catch-up schedule written (Quartz cron and time zone).</summary>
        public string CatchUp { get; }

        /// <summary>True when the schedule is New-DltDrPair's default, not the template's: check it.</summary>
        public bool CatchUpIsDefault { get; }

        /// <summary>The recovery time and standby lag objectives written.</summary>
        public string Objectives { get; }

        public bool ObjectivesAreDefault { get; }

        /// <summary>Every value that names the primary region or that DltDr does not carry, with what to write or do.</summary>
        public IReadOnlyList<DraftWarning> Warnings { get; }

        /// <summary>The pair file's text.</summary>
        public string Json { get; }

        /// <summary>The live pipeline's state when it was read (RUNNING, IDLE, ...).</summary>
        public string? PipelineState { get; }

        /// <summary>Whether the live pipeline runs continuously: the primary's role once published.</summary>
        public bool Continuous { get; }

        /// <summary>True once the pair file and its notebooks are written (false under -WhatIf).</summary>
        public bool Written { get; internal set; }

        public override string ToString() => Pair;
    }
}
