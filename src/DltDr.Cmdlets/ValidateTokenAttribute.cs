using System.Management.Automation;
using System.Security;

namespace DltDr.Cmdlets
{
    /// <summary>
    /// Refuses an empty -Token at binding, before anything runs: an empty Automation variable or a
    /// Read-Host answered with Enter would otherwise reach the first call as a bare argument error.
    /// </summary>
    internal sealed class ValidateTokenAttribute : ValidateArgumentsAttribute
    {
        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            var value = arguments is PSObject ps ? ps.BaseObject : arguments;
            if (value is SecureString secure && secure.Length == 0)
            {
                throw new ValidationMetadataException("The token is empty. Give a Databricks personal access token or an Azure AD "
                    + "token for the workspaces, or leave -Token out to use each region's auth settings.");
            }
        }
    }
}
