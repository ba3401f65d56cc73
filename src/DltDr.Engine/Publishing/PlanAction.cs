namespace DltDr.Engine.Publishing
{
    public enum PlanAction
    {
        /// <summary>Already as defined: no write.</summary>
        None,
        Create,
        Update,
    }
}
