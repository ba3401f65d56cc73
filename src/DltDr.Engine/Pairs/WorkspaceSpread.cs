using System;
using System.Collections.Generic;
using System.Linq;

namespace DltDr.Engine.Pairs
{
    /// <summary>
    /// Pairs taken in turn from each workspace pair, in their order within it. A command works on
    /// at most -ThrottleLimit pairs at once; given pairs grouped by workspace (as names usually
    /// group them), the first workspace pair's filled every slot and the others waited their turn,
    /// so an estate took the sum of its workspaces' times, not the busiest one's (issue #36).
    /// Taken in turn, every workspace pair's work starts at once and each is paced on its own.
    /// </summary>
    public static class WorkspaceSpread
    {
        /// <summary>The items in turn by workspace pair (primary and secondary workspace), each group in its given order.</summary>
        public static IReadOnlyList<T> Of<T>(IEnumerable<T> items, Func<T, PairDefinition> pairOf)
        {
            var groups = new List<Queue<T>>();
            var byKey = new Dictionary<string, Queue<T>>(StringComparer.Ordinal);
            var count = 0;
            foreach (var item in items)
            {
                var pair = pairOf(item);
                var key = WorkspaceIdentity.Of(pair.Primary.Host) + " " + WorkspaceIdentity.Of(pair.Secondary.Host);
                if (!byKey.TryGetValue(key, out var queue))
                {
                    queue = new Queue<T>();
                    byKey[key] = queue;
                    groups.Add(queue);
                }
                queue.Enqueue(item);
                count++;
            }
            if (groups.Count <= 1) return groups.Count == 0 ? Array.Empty<T>() : groups[0].ToList();
            var spread = new List<T>(count);
            while (spread.Count < count)
            {
                foreach (var queue in groups.Where(q => q.Count > 0)) spread.Add(queue.Dequeue());
            }
            return spread;
        }

        /// <summary>The pairs in turn by workspace pair.</summary>
        public static IReadOnlyList<PairDefinition> Of(IEnumerable<PairDefinition> pairs) => Of(pairs, p => p);
    }
}
