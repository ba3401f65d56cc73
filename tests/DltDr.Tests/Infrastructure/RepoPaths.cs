using System;
using System.IO;

namespace DltDr.Tests.Infrastructure
{
    /// <summary>Where the repository and the built module folder are, found from the test assembly.</summary>
    public static class RepoPaths
    {
        private static readonly Lazy<string> RootLazy = new Lazy<string>(FindRoot);

        public static string Root => RootLazy.Value;

        /// <summary>The ready-to-import module folder the build lays out.</summary>
        public static string ModuleDir => Path.Combine(Root, "out", "DltDr");

        public static string BuiltManifest => Path.Combine(ModuleDir, "DltDr.psd1");

        private static string FindRoot()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "DltDr.PowerShell.sln")))
            {
                dir = dir.Parent;
            }
            return dir?.FullName ?? throw new InvalidOperationException("Cannot find DltDr.PowerShell.sln above " + AppContext.BaseDirectory);
        }
    }
}
