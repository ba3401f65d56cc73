using System;
using System.Collections.Generic;

namespace DltDr.Tests.Infrastructure
{
    /// <summary>Sets process environment variables and puts the old values back on dispose. Only for tests in ExamplesCollection.</summary>
    public sealed class ScopedEnvironmentVariables : IDisposable
    {
        private readonly List<(string Name, string? Old)> _saved = new List<(string, string?)>();

        public ScopedEnvironmentVariables(params (string Name, string Value)[] variables)
        {
            foreach (var (name, value) in variables)
            {
                _saved.Add((name, Environment.GetEnvironmentVariable(name)));
                Environment.SetEnvironmentVariable(name, value);
            }
        }

        public void Dispose()
        {
            foreach (var (name, old) in _saved) Environment.SetEnvironmentVariable(name, old);
        }
    }
}
