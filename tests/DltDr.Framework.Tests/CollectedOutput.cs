using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using DltDr.Engine.Output;

namespace DltDr.Framework.Tests
{
    /// <summary>What an engine command reported, as a host other than PowerShell collects it.</summary>
    public sealed class CollectedOutput : ICommandOutput
    {
        public ConcurrentQueue<object> Results { get; } = new ConcurrentQueue<object>();
        public ConcurrentQueue<(Exception Error, string Target)> Errors { get; } = new ConcurrentQueue<(Exception, string)>();
        public ConcurrentQueue<string> Warnings { get; } = new ConcurrentQueue<string>();

        public IEnumerable<T> Of<T>() => Results.OfType<T>();

        public string Said => string.Join("; ", Errors.Select(e => $"{e.Target}: {e.Error.Message}").Concat(Warnings));

        public void Result(object result) => Results.Enqueue(result);
        public void Error(Exception error, string target) => Errors.Enqueue((error, target));
        public void Warning(string text) => Warnings.Enqueue(text);
        public void Verbose(string text) { }
        public void Stopping(string text) => Warnings.Enqueue(text);
        public IActivity Activity(string title) => new Quiet();

        private sealed class Quiet : IActivity
        {
            public void Report(string value) { }
            public void Complete() { }
        }
    }
}
