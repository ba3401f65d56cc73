using Xunit;

namespace DltDr.Tests.Examples
{
    /// <summary>
    /// The examples run as users run them, reading the process environment (IDENTITY_ENDPOINT,
    /// PSModulePath). Tests in this collection never run in parallel with any other test, so the
    /// variables they set cannot leak into one.
    /// </summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class ExamplesCollection
    {
        public const string Name = "Examples (process environment)";
    }
}
