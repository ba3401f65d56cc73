namespace DltDr.Engine.Pairs
{
    /// <summary>
    /// A result that belongs to one pair and carries the definition it was made from, so piping it
    /// to the next command acts on that definition (a pair from -Json has no file to look up).
    /// A method, implemented explicitly: the definition is not one more property in tables, lists or JSON.
    /// </summary>
    public interface IPairResult
    {
        PairDefinition GetDefinition();
    }
}
