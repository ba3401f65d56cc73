using System;
using System.Collections.Generic;
using System.Linq;
using NetArchTest.Rules;
using Xunit;

namespace DltDr.Tests.Architecture
{
    /// <summary>
    /// The emulator's namespaces depend one way, as the engine's do: the leaf services at the bottom
    /// (auth, faults, limits), the simulated clock and event queue, the workspace's model (its
    /// stores, the lifecycles that move them on, the service's error), the REST API over it, the
    /// account host, and the hosting on top. The root namespace (the emulator itself, its options
    /// and its control API, which reaches every workspace) is above them all.
    /// </summary>
    public class EmulatorLayerTests
    {
        /// <summary>From the bottom up: each may use the ones before it, never one after it.</summary>
        public static readonly string[] Layers =
        {
            "DltDr.Emulator.Auth",
            "DltDr.Emulator.Faults",
            "DltDr.Emulator.Limits",
            "DltDr.Emulator.Simulation",
            "DltDr.Emulator.Model",
            "DltDr.Emulator.Api",
            "DltDr.Emulator.Account",
            "DltDr.Emulator.Hosting",
        };

        private static readonly System.Reflection.Assembly Emulator = typeof(DltDr.Emulator.Emulator).Assembly;

        public static IEnumerable<object[]> EachLayer() => Layers.Select(l => new object[] { l });

        /// <summary>The root namespace's types, by full name: a layer naming one would reach above itself.</summary>
        private static string[] RootTypes => Emulator.GetTypes().Where(t => t.Namespace == "DltDr.Emulator" && !t.IsNested)
            .Select(t => t.FullName!).ToArray();

        [Theory]
        [MemberData(nameof(EachLayer))]
        public void A_layer_uses_no_layer_above_it_nor_the_root(string layer)
            => Layering.AssertUsesNoLayerAbove(Emulator, Layers, layer, RootTypes);

        [Fact]
        public void Every_emulator_namespace_is_a_layer_or_the_root()
            => Layering.AssertEveryNamespaceIsALayerOrTheRoot(Emulator, "DltDr.Emulator", Layers);
    }
}
