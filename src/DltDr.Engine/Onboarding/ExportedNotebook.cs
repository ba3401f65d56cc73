namespace DltDr.Engine.Onboarding
{
    /// <summary>A notebook read from the primary workspace: where it lives, its language, its source.</summary>
    internal sealed class ExportedNotebook
    {
        public ExportedNotebook(string workspacePath, string language, byte[] source)
        {
            WorkspacePath = workspacePath;
            Language = language;
            Source = source;
        }

        public string WorkspacePath { get; }
        public string Language { get; }
        public byte[] Source { get; }

        /// <summary>The local file name: the notebook's name with its language's extension.</summary>
        public string FileName
            => WorkspacePath.Substring(WorkspacePath.LastIndexOf('/') + 1) + Pairs.PairDefinitionReader.ExtensionOf(Language);
    }
}
