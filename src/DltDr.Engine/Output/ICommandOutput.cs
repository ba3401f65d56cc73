using System;

namespace DltDr.Engine.Output
{
    /// <summary>
    /// Where a command's engine work reports to, from any thread: results, errors per target,
    /// warnings, verbose lines and progress. The PowerShell module queues each for its pipeline
    /// thread (the only one allowed to write); a test or another host can collect them.
    /// </summary>
    public interface ICommandOutput
    {
        void Result(object result);

        /// <summary>An error for one target (a pair, a region): the command goes on with the others.</summary>
        void Error(Exception error, string target);

        void Warning(string text);

        void Verbose(string text);

        /// <summary>
        /// Said as the command stops (Ctrl+C): what it left and what finishes it. The pipeline no
        /// longer takes writes then, so the module writes it to the host as a warning.
        /// </summary>
        void Stopping(string text);

        /// <summary>A progress activity of its own (one per pair worked on at once); complete it when the work ends.</summary>
        IActivity Activity(string title);
    }

    /// <summary>One activity's progress: each line said as it happens, then completed.</summary>
    public interface IActivity : IProgress<string>
    {
        void Complete();
    }
}
