using System.Collections.Generic;

namespace DltDr.Engine.Pairs
{
    /// <summary>The pair's notebooks: local files and the workspace directory they are imported into in both regions.</summary>
    public sealed class NotebookSet
    {
        public NotebookSet(string workspaceDirectory, IReadOnlyList<NotebookFile> files)
        {
            WorkspaceDirectory = workspaceDirectory;
            Files = files;
        }

        public string WorkspaceDirectory { get; }
        public IReadOnlyList<NotebookFile> Files { get; }
    }
}
