using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DltDr.Emulator.Model;
using Newtonsoft.Json.Linq;

namespace DltDr.Emulator.Api
{
    /// <summary>
    /// SCIM's Me: the caller as the workspace knows it. A user (a token restricted to a user
    /// through the control API, or the default user when any token is accepted) answers as a SCIM
    /// User with its e-mail; a service principal (an OAuth client or a managed identity, named by
    /// its application id) answers with its applicationId.
    /// </summary>
    public static class Scim
    {
        public const string UserSchema = "urn:ietf:params:scim:schemas:core:2.0:User";
        public const string WorkspaceUserSchema = "urn:ietf:params:scim:schemas:extension:workspace:2.0:User";
        public const string ServicePrincipalSchema = "urn:ietf:params:scim:schemas:core:2.0:ServicePrincipal";

        public static JObject Me(EmulatedWorkspace workspace, string principal)
        {
            var id = IdOf(workspace, principal);
            if (principal.IndexOf('@') > 0)
            {
                var local = principal.Substring(0, principal.IndexOf('@'));
                return new JObject
                {
                    ["schemas"] = new JArray(UserSchema, WorkspaceUserSchema),
                    ["id"] = id,
                    ["userName"] = principal,
                    ["displayName"] = local,
                    ["name"] = new JObject { ["givenName"] = local },
                    ["active"] = true,
                    ["emails"] = new JArray(new JObject { ["type"] = "work", ["value"] = principal, ["primary"] = true }),
                    ["groups"] =
                        new JArray(new JObject { ["display"] = "users", ["type"] = "direct", ["value"] = IdOf(workspace, "group:users"),
                            ["$ref"] = "Groups/" + IdOf(workspace, "group:users") }),
                };
            }
            return new JObject
            {
                ["schemas"] = new JArray(ServicePrincipalSchema),
                ["id"] = id,
                ["applicationId"] = principal,
                ["userName"] = principal,
                ["displayName"] = "Service principal " + principal,
                ["active"] = true,
            };
        }

        /// <summary>A stable numeric id per principal and workspace, as SCIM ids look.</summary>
        private static string IdOf(EmulatedWorkspace workspace, string principal)
        {
            using var sha = SHA256.Create();
            var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(workspace.OrgId + "/" + principal));
            var n = BitConverter.ToUInt64(hash, 0) % 9_000_000_000_000_000UL + 1_000_000_000_000_000UL;
            return n.ToString(CultureInfo.InvariantCulture);
        }
    }
}
