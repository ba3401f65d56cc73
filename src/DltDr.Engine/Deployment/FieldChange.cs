using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace DltDr.Engine.Deployment
{
    /// <summary>One setting that differs: its path (configuration.mode), what the workspace has, and what the definition wants.</summary>
    public sealed class FieldChange
    {
        public FieldChange(string field, JToken? current, JToken? desired)
        {
            Field = field;
            Current = current;
            Desired = desired;
        }

        public string Field { get; }
        public JToken? Current { get; }
        public JToken? Desired { get; }

        /// <summary>What the workspace has, as compact JSON ("(not set)" when absent).</summary>
        public string CurrentJson => Show(Current);

        /// <summary>What the definition wants, as compact JSON ("(not set)" when absent).</summary>
        public string DesiredJson => Show(Desired);

        public override string ToString()
            => $"{Field}: {Show(Current)} -> {Show(Desired)}";

        private static string Show(JToken? t) => t == null ? "(not set)" : t.ToString(Formatting.None);
    }
}
