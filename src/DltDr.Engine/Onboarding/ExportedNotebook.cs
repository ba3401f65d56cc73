namespace DltDr.Engine.Onboarding
{
    /// <summary>
    /// A notebook or workspace file read from the primary workspace (or a bundle's folder): where it
    /// lives, its language (null for a file), its content, and where it goes in the pair's folder.
    /// </summary>
    internal sealed class ExportedNotebook
    {
        public ExportedNotebook(string workspacePath, string? language, byte[] source, string relativePath)
        {
            WorkspacePath = workspacePath;
            Language = language;
            Source = source;
            RelativePath = relativePath;
        }

        public string WorkspacePath { get; }
        public string? Language { get; }
        public byte[] Source { get; }

        /// <summary>
        /// The local path in the pair's folder, '/' between folders: a notebook's name with its
        /// language's extension, a file's own name, below the folder as in the workspace.
        /// </summary>
        public string RelativePath { get; }
    }
}
