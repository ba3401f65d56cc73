using System;

namespace DltDr.Engine.Auth
{
    /// <summary>The process's own environment.</summary>
    public sealed class ProcessEnvironment : IEnvironment
    {
        public static readonly ProcessEnvironment Instance = new ProcessEnvironment();

        public string? Get(string name)
        {
            var v = Environment.GetEnvironmentVariable(name);
            return string.IsNullOrEmpty(v) ? null : v;
        }

        public string HomeDirectory => Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
    }
}
