using System;
using System.Collections.Generic;

namespace DltDr.Engine.Pairs
{
    /// <summary>One pair name defined by more than one file of the pair store.</summary>
    public sealed class PairNameConflictException : Exception, IDrError
    {
        public PairNameConflictException(string name, IReadOnlyList<string> files)
            : base($"The pair '{name}' is defined by {files.Count} files: {string.Join(" and ", files)}. Keep one of them (rename or "
                + $"remove the others) so every command acts on the same definition.")
        {
            Name = name;
            Files = files;
        }

        public string Name { get; }
        public IReadOnlyList<string> Files { get; }

        public string ErrorId => ErrorIds.PairNameConflict;
    }
}
