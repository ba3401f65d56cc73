using System.Collections.Generic;
using DltDr.Engine.Auth;

namespace DltDr.Tests.Infrastructure
{
    /// <summary>An environment for auth tests: only the variables given, and a home folder of the test's own.</summary>
    public sealed class FakeEnvironment : IEnvironment
    {
        private readonly Dictionary<string, string> _vars = new Dictionary<string, string>();

        public FakeEnvironment(string home) => HomeDirectory = home;

        public string HomeDirectory { get; }

        public FakeEnvironment Set(string name, string value)
        {
            _vars[name] = value;
            return this;
        }

        public string? Get(string name) => _vars.TryGetValue(name, out var v) ? v : null;
    }
}
