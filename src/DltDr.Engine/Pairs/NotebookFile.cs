namespace DltDr.Engine.Pairs
{
    /// <summary>A local notebook source file and where it goes in the workspace.</summary>
    public sealed class NotebookFile
    {
        public NotebookFile(string localPath, string workspacePath, string language)
        {
            LocalPath = localPath;
            WorkspacePath = workspacePath;
            Language = language;
        }

        public string LocalPath { get; }

        /// <summary>The notebook's workspace path: the directory plus the file name without its extension.</summary>
        public string WorkspacePath { get; }

        /// <summary>PYTHON, SQL, SCALA or R, from the file's extension.</summary>
        public string Language { get; }
    }
}
