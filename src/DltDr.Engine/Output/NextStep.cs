using System;
using DltDr.Engine.Pairs;

namespace DltDr.Engine.Output
{
    /// <summary>The commands a message can point to.</summary>
    public enum NextCommand
    {
        /// <summary>Make a region active (finish a switch, go back, fail over).</summary>
        SetActiveRegion,

        /// <summary>Deploy the pair (both regions, or one).</summary>
        Publish,

        /// <summary>Catch the standby up now.</summary>
        CatchUp,

        /// <summary>Read both regions and every problem.</summary>
        Status,

        /// <summary>Test whether the standby could take over.</summary>
        TestFailover,
    }

    /// <summary>
    /// What to run next, as data: the engine says which command, for which pair and region, and
    /// why; the front end renders it in its own words (the PowerShell module as the command line
    /// to type, <c>Set-DltDrActiveRegion -Pair sales -Region secondary</c>). Engine messages that end
    /// in "Run ..." are made with <see cref="ToString"/>, so they read in the front end's words.
    /// </summary>
    public sealed class NextStep
    {
        public NextStep(NextCommand command, string pair, Region? region = null, bool unplanned = false)
        {
            Command = command;
            Pair = pair;
            Region = region;
            Unplanned = unplanned;
        }

        public NextCommand Command { get; }
        public string Pair { get; }
        public Region? Region { get; }

        /// <summary>For a switch: an unplanned failover, made while the other region cannot be reached.</summary>
        public bool Unplanned { get; }

        /// <summary>
        /// Renders steps as command text. The PowerShell module sets it when it is imported; the
        /// engine alone says what to do in plain words.
        /// </summary>
        public static Func<NextStep, string> Renderer { get; set; } = Plain;

        public static NextStep SetActiveRegion(string pair, Region region, bool unplanned = false)
            => new NextStep(NextCommand.SetActiveRegion, pair, region, unplanned);

        public static NextStep Publish(string pair) => new NextStep(NextCommand.Publish, pair);

        public static NextStep CatchUp(string pair) => new NextStep(NextCommand.CatchUp, pair);

        public static NextStep Status(string pair) => new NextStep(NextCommand.Status, pair);

        /// <summary>The step as the front end writes it, e.g. "Set-DltDrActiveRegion -Pair sales -Region secondary".</summary>
        public override string ToString() => Renderer(this);

        public static NextStep TestFailover(string pair) => new NextStep(NextCommand.TestFailover, pair);

        private static string Plain(NextStep s) => s.Command switch
        {
            NextCommand.SetActiveRegion
                => $"the {(s.Unplanned ? "unplanned " : string.Empty)}switch of pair '{s.Pair}' to "
                    + $"{Regions.Name(s.Region ?? Pairs.Region.Primary)}",
            NextCommand.Publish => $"the publish of pair '{s.Pair}'",
            NextCommand.CatchUp => $"the catch-up of pair '{s.Pair}'",
            NextCommand.Status => $"the status of pair '{s.Pair}'",
            _ => $"the failover test of pair '{s.Pair}'",
        };
    }
}
