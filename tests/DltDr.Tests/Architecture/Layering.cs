using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using NetArchTest.Rules;
using Xunit;

namespace DltDr.Tests.Architecture
{
    /// <summary>The one-way rule the engine's and the emulator's layer tests hold, each over its own list.</summary>
    internal static class Layering
    {
        /// <summary>
        /// Fails naming the types of <paramref name="layer"/> that use a layer after it in
        /// <paramref name="layers"/> (or any of <paramref name="alsoForbidden"/>).
        /// </summary>
        public static void AssertUsesNoLayerAbove(Assembly assembly, IReadOnlyList<string> layers, string layer,
            IEnumerable<string>? alsoForbidden = null)
        {
            var above = layers.Skip(layers.ToList().IndexOf(layer) + 1).Concat(alsoForbidden ?? Array.Empty<string>()).ToArray();
            if (above.Length == 0) return;
            var result = Types.InAssembly(assembly).That().ResideInNamespaceStartingWith(layer).ShouldNot().HaveDependencyOnAny(above).GetResult();
            Assert.True(result.IsSuccessful, $"{layer} uses a layer above it: {string.Join(", ", result.FailingTypeNames ?? Array.Empty<string>())}");
        }

        /// <summary>Fails naming the namespaces under <paramref name="root"/> that are in no layer.</summary>
        public static void AssertEveryNamespaceIsALayerOrTheRoot(Assembly assembly, string root, IReadOnlyList<string> layers)
        {
            var namespaces = assembly.GetTypes().Select(t => t.Namespace).Where(n => n != null && n.StartsWith(root, StringComparison.Ordinal)).Distinct();
            var unknown = namespaces.Where(n => n != root && !layers.Any(l => n == l || n!.StartsWith(l + ".", StringComparison.Ordinal))).ToList();
            Assert.True(unknown.Count == 0, "namespaces in no layer: " + string.Join(", ", unknown));
        }
    }
}
