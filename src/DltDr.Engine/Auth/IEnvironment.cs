namespace DltDr.Engine.Auth
{
    /// <summary>Environment variables and the home folder, behind a seam so tests never read the real ones.</summary>
    public interface IEnvironment
    {
        string? Get(string name);

        string HomeDirectory { get; }
    }
}
