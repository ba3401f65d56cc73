using System;
using System.IO;

namespace DltDr.Framework.Tests
{
    /// <summary>Files of the repository the tests run from (found from the test assembly's folder upward).</summary>
    public static class Repository
    {
        private static readonly Lazy<string> RootFolder = new Lazy<string>(() =>
        {
            for (var dir = new DirectoryInfo(AppDomain.CurrentDomain.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (System.IO.File.Exists(Path.Combine(dir.FullName, "DltDr.PowerShell.sln"))) return dir.FullName;
            }
            throw new InvalidOperationException("DltDr.PowerShell.sln was not found above " + AppDomain.CurrentDomain.BaseDirectory);
        });

        public static string Root => RootFolder.Value;

        public static string File(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));
    }
}
