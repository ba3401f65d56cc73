using System;
using System.Collections.Generic;
using System.Linq;
using NetArchTest.Rules;
using Xunit;

namespace DltDr.Tests.Architecture
{
    /// <summary>
    /// The engine's namespaces depend one way, lower to higher never: a loop would mean no layer can
    /// be read, changed or tested without the others. The cmdlets sit on top; the engine knows no
    /// PowerShell.
    /// </summary>
    public class LayerTests
    {
        /// <summary>From the bottom up: each may use the ones before it, never one after it.</summary>
        public static readonly string[] Layers =
        {
            "DltDr.Engine.Time",
            "DltDr.Engine.Concurrency",
            "DltDr.Engine.Auth",
            "DltDr.Engine.Databricks",
            "DltDr.Engine.Pairs",
            "DltDr.Engine.Output",
            "DltDr.Engine.Deployment",
            "DltDr.Engine.Sessions",
            "DltDr.Engine.History",
            "DltDr.Engine.Status",
            "DltDr.Engine.Publishing",
            "DltDr.Engine.Operations",
            "DltDr.Engine.Readiness",
            "DltDr.Engine.Reports",
            "DltDr.Engine.Onboarding",
        };

        public static IEnumerable<object[]> EachLayer() => Layers.Select((l, i) => new object[] { l });

        private static readonly System.Reflection.Assembly Engine = typeof(DltDr.Engine.Time.Clock).Assembly;

        [Theory]
        [MemberData(nameof(EachLayer))]
        public void A_layer_uses_no_layer_above_it(string layer) => Layering.AssertUsesNoLayerAbove(Engine, Layers, layer);

        [Fact]
        public void Every_engine_namespace_is_a_layer_or_the_root() => Layering.AssertEveryNamespaceIsALayerOrTheRoot(Engine, "DltDr.Engine", Layers);

        [Fact]
        public void The_root_namespace_uses_no_layer()
        {
            var result = Types.InAssembly(Engine).That().ResideInNamespaceMatching(@"^DltDr\.Engine$").ShouldNot().HaveDependencyOnAny(Layers).GetResult();
            Assert.True(result.IsSuccessful, "DltDr.Engine uses a layer: " + string.Join(", ", result.FailingTypeNames ?? Array.Empty<string>()));
        }

        [Fact]
        public void The_engine_knows_no_PowerShell()
        {
            var result = Types.InAssembly(Engine).ShouldNot().HaveDependencyOn("System.Management.Automation").GetResult();
            Assert.True(result.IsSuccessful, string.Join(", ", result.FailingTypeNames ?? Array.Empty<string>()));
        }
    }
}
