using System.IO;
using System.Linq;
using DltDr.Engine.Pairs;
using DltDr.Tests.Infrastructure;
using Newtonsoft.Json.Linq;
using Xunit;

namespace DltDr.Tests.Engine
{
    /// <summary>The JSON Schema editors use stays in step with what the reader accepts.</summary>
    public class PairSchemaTests
    {
        private static readonly JObject Schema = JObject.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "schema", "dltdr-pair.schema.json")));

        private static string[] Props(JToken node) => ((JObject)node["properties"]!).Properties().Select(p => p.Name).OrderBy(n => n).ToArray();

        private static string[] Sorted(string[] names) => names.OrderBy(n => n).ToArray();

        [Fact]
        public void Top_level_fields_match() => Assert.Equal(Sorted(PairDefinitionReader.TopLevel), Props(Schema));

        [Fact]
        public void Pipeline_fields_match() => Assert.Equal(Sorted(PairDefinitionReader.PipelineFields), Props(Schema["$defs"]!["pipelineSettings"]!));

        [Fact]
        public void Region_auth_notebook_and_catch_up_fields_match()
        {
            Assert.Equal(Sorted(PairDefinitionReader.RegionFields), Props(Schema["$defs"]!["region"]!));
            Assert.Equal(Sorted(PairDefinitionReader.AuthFields), Props(Schema["$defs"]!["region"]!["properties"]!["auth"]!));
            Assert.Equal(Sorted(PairDefinitionReader.NotebookFields), Props(Schema["properties"]!["notebooks"]!));
            Assert.Equal(Sorted(PairDefinitionReader.CatchUpFields), Props(Schema["properties"]!["catchUp"]!));
        }

        [Fact]
        public void Auth_types_match_the_resolvers() =>
            Assert.Equal(DltDr.Engine.Auth.CredentialResolver.Methods, Schema["$defs"]!["region"]!["properties"]!["auth"]!["properties"]!["type"]!["enum"]!.Values<string>());
    }
}
