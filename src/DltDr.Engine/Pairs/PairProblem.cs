namespace DltDr.Engine.Pairs
{
    /// <summary>One thing wrong with a pair definition: where (file and field) and what is allowed.</summary>
    public sealed class PairProblem
    {
        public PairProblem(string source, string field, string message)
        {
            Source = source;
            Field = field;
            Message = message;
        }

        /// <summary>The file, or a description of where the definition came from (JSON text, a hashtable).</summary>
        public string Source { get; }

        /// <summary>The JSON path of the field, e.g. regions.primary.host.</summary>
        public string Field { get; }

        public string Message { get; }

        public override string ToString() => $"{Source}: {Field}: {Message}";
    }
}
