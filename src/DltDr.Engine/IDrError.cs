namespace DltDr.Engine
{
    /// <summary>
    /// A failure DltDr knows: it names its own stable error id (one of <see cref="ErrorIds"/>, or a
    /// refusal's name), which a front end maps to a category and a recommended action.
    /// </summary>
    public interface IDrError
    {
        string ErrorId { get; }
    }
}
