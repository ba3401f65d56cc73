using System.Collections.Generic;
using System.Linq;
using DltDr.Engine.Deployment;

namespace DltDr.Engine.Publishing
{
    /// <summary>What publishing does to one resource of a region: a folder, a notebook, the pipeline or the catch-up job.</summary>
    public sealed class ResourcePlan
    {
        public ResourcePlan(string kind, string name, PlanAction action, IReadOnlyList<FieldChange>? changes = null, string? note = null)
        {
            Kind = kind;
            Name = name;
            Action = action;
            Changes = changes ?? new List<FieldChange>();
            Note = note;
        }

        /// <summary>Folder, Notebook, Pipeline or Job.</summary>
        public string Kind { get; }

        public string Name { get; }
        public PlanAction Action { get; }
        public IReadOnlyList<FieldChange> Changes { get; }

        /// <summary>A consequence worth saying, such as "restarts the running continuous pipeline".</summary>
        public string? Note { get; }

        public override string ToString()
            => $"{Action} {Kind} {Name}" + (Changes.Count > 0 ? ": " + string.Join("; ", Changes.Select(c => c.ToString())) : string.Empty)
                + (Note != null ? $" ({Note})" : string.Empty);
    }
}
