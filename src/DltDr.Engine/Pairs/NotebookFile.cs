namespace DltDr.Engine.Pairs
{
    /// <summary>A local notebook source file, or a workspace file, and where it goes in the workspace.</summary>
    public sealed class NotebookFile
    {
        public NotebookFile(string localPath, string workspacePath, string? language)
        {
            LocalPath = localPath;
            WorkspacePath = workspacePath;
            Language = language;
        }

        public string LocalPath { get; }

        /// <summary>The notebook's workspace path: the directory plus the file name without its extension.</summary>
        public string WorkspacePath { get; }

        /// <summary>PYTHON, SQL, SCALA or R, from the file's extension; null for a workspace file.</summary>
        public string? Language { get; }

        /// <summary>Imported as a notebook (from source), not written as a workspace file.</summary>
        public bool IsNotebook => Language != null;
    }
}
