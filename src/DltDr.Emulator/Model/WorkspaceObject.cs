using System;

namespace DltDr.Emulator.Model
{
    /// <summary>A directory, notebook or file in the workspace tree.</summary>
    public sealed class WorkspaceObject
    {
        public WorkspaceObject(string path, string objectType, long objectId, DateTimeOffset created)
        {
            Path = path;
            ObjectType = objectType;
            ObjectId = objectId;
            CreatedAt = created;
            ModifiedAt = created;
        }

        public string Path { get; }

        /// <summary>DIRECTORY, NOTEBOOK or FILE.</summary>
        public string ObjectType { get; }

        public long ObjectId { get; }
        public string? Language { get; set; }
        public byte[] Content { get; set; } = Array.Empty<byte>();
        public DateTimeOffset CreatedAt { get; }
        public DateTimeOffset ModifiedAt { get; set; }
    }
}
