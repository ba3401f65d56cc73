using System;
using System.Collections.Generic;
using System.Linq;

namespace DltDr.Engine.Pairs
{
    /// <summary>
    /// The order in which a set of pairs is switched: a pair after the pairs it depends on
    /// (dependsOn), independent pairs together. A name that is neither in the set nor known
    /// elsewhere, and a cycle, are definition errors, found before anything is switched.
    /// </summary>
    public sealed class SwitchOrder
    {
        private readonly Dictionary<string, PairDefinition> _inSet;
        private readonly Dictionary<string, IReadOnlyList<PairDefinition>> _outside;

        private SwitchOrder(IReadOnlyList<IReadOnlyList<PairDefinition>> levels, Dictionary<string, PairDefinition> inSet,
            Dictionary<string, IReadOnlyList<PairDefinition>> outside)
        {
            Levels = levels;
            _inSet = inSet;
            _outside = outside;
        }

        /// <summary>Pairs by level: every pair of a level depends only on pairs of earlier levels (or outside the set).</summary>
        public IReadOnlyList<IReadOnlyList<PairDefinition>> Levels { get; }

        /// <summary>All the pairs, level by level.</summary>
        public IReadOnlyList<PairDefinition> Ordered => Levels.SelectMany(l => l).ToList();

        /// <param name="pairs">The pairs to switch.</param>
        /// <param name="outside">Finds a pair named in dependsOn that is not in the set (from the pair store); null when there is
        /// none.</param>
        public static SwitchOrder Of(IReadOnlyList<PairDefinition> pairs, Func<string, PairDefinition?> outside)
        {
            var inSet = pairs.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(),
                StringComparer.OrdinalIgnoreCase);
            var problems = new List<PairProblem>();
            var outsideOf = new Dictionary<string, IReadOnlyList<PairDefinition>>(StringComparer.OrdinalIgnoreCase);
            foreach (var p in inSet.Values)
            {
                var found = new List<PairDefinition>();
                foreach (var name in p.DependsOn.Where(n => !inSet.ContainsKey(n)))
                {
                    var other = outside(name);
                    if (other == null) problems.Add(new PairProblem(p.Source, "dependsOn",
                        $"'{name}' is not a known pair: it is neither among the pairs given nor in the pair store."));
                    else found.Add(other);
                }
                outsideOf[p.Name] = found;
            }
            if (problems.Count > 0) throw new PairDefinitionException(problems);

            // Kahn's algorithm, keeping the given order within a level.
            var waiting = inSet.Values.ToDictionary(p => p.Name, p => p.DependsOn.Count(inSet.ContainsKey),
                StringComparer.OrdinalIgnoreCase);
            var levels = new List<IReadOnlyList<PairDefinition>>();
            var order = pairs.Select(p => inSet[p.Name]).Distinct().ToList();
            var placed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            while (placed.Count < inSet.Count)
            {
                var level = order.Where(p => !placed.Contains(p.Name)
                    && p.DependsOn.Where(inSet.ContainsKey).All(placed.Contains)).ToList();
                if (level.Count == 0)
                {
                    var cycle = Cycle(order.Where(p => !placed.Contains(p.Name)).ToList(), inSet);
                    throw new PairDefinitionException(new[] {
                        new PairProblem(cycle[0].Source, "dependsOn",
                            $"The pairs depend on each other in a cycle: {string.Join(" -> ", cycle.Select(c => c.Name))} -> "
                                + $"{cycle[0].Name}. A pair can only be made active after the pairs it reads from.") });
                }
                foreach (var p in level) placed.Add(p.Name);
                levels.Add(level);
            }
            return new SwitchOrder(levels, inSet, outsideOf);
        }

        /// <summary>The pairs of the set this one depends on.</summary>
        public IReadOnlyList<PairDefinition> UpstreamsInSet(PairDefinition pair)
            => pair.DependsOn.Where(_inSet.ContainsKey).Select(n => _inSet[n]).ToList();

        /// <summary>The pairs this one depends on that are not being switched with it.</summary>
        public IReadOnlyList<PairDefinition> UpstreamsOutside(PairDefinition pair) => _outside.TryGetValue(pair.Name, out var o) ? o
            : Array.Empty<PairDefinition>();

        /// <summary>Whether a pair of the set depends on this one (so its switch must wait until it runs).</summary>
        public bool HasDependents(PairDefinition pair)
            => _inSet.Values.Any(p => p.DependsOn.Contains(pair.Name, StringComparer.OrdinalIgnoreCase));

        private static List<PairDefinition> Cycle(List<PairDefinition> stuck, Dictionary<string, PairDefinition> inSet)
        {
            // Follow dependencies from a stuck pair until one repeats: that loop is a cycle.
            var path = new List<PairDefinition>();
            var current = stuck[0];
            while (!path.Contains(current))
            {
                path.Add(current);
                current = current.DependsOn.Where(inSet.ContainsKey).Select(n => inSet[n]).First(n => stuck.Contains(n));
            }
            var start = path.IndexOf(current);
            var loop = path.Skip(start).ToList();
            loop.Reverse(); // upstream first, as the switch would have to go
            return loop;
        }
    }
}
