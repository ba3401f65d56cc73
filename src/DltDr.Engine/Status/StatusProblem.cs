using DltDr.Engine.Pairs;

namespace DltDr.Engine.Status
{
    /// <summary>One problem found with a pair: a stable code, the region it is about (if one), and a sentence.</summary>
    public sealed class StatusProblem
    {
        public StatusProblem(string code, Region? region, string message)
        {
            Code = code;
            Region = region;
            Message = message;
        }

        public string Code { get; }
        public Region? Region { get; }
        public string Message { get; }

        public override string ToString() => $"{Code}: {Message}";
    }
}
