using System;
using System.IO;

namespace DltDr.Tests.Infrastructure
{
    /// <summary>
    /// A new folder of the test's own under the temp folder (Directory.CreateTempSubdirectory, which
    /// .NET Framework lacks: this file is shared with the Framework lane).
    /// </summary>
    public static class TempFolder
    {
        public static string Create(string prefix)
        {
            var path = Path.Combine(Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N").Substring(0, 12));
            Directory.CreateDirectory(path);
            return path;
        }
    }
}
