using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;

namespace DltDr.Framework.Probe
{
    /// <summary>
    /// Usage: DltDr.Framework.Probe.exe FIRST_NEWTONSOFT_DLL MODULE_FOLDER PAIR_FILE. Loads the first
    /// Newtonsoft.Json and uses it (as another module in the session would), then loads DltDr.Engine
    /// from the module folder and reads the pair file through it. Prints one line per Newtonsoft.Json
    /// loaded ("newtonsoft VERSION FILE_VERSION PATH"), then "pair NAME" or "failed TYPE: MESSAGE".
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Length != 3)
            {
                Console.Error.WriteLine("usage: DltDr.Framework.Probe.exe FIRST_NEWTONSOFT_DLL MODULE_FOLDER PAIR_FILE");
                return 2;
            }
            int result;
            try
            {
                // Another module's copy, loaded and used first.
                var first = Assembly.LoadFrom(Path.GetFullPath(args[0]));
                var parse = first.GetType("Newtonsoft.Json.Linq.JObject", true)!.GetMethod("Parse", new[] { typeof(string) })!;
                parse.Invoke(null, new object[] { "{\"loadedBy\": \"another module\"}" });

                // DltDr, as Import-Module loads it: from its own folder.
                var engine = Assembly.LoadFrom(Path.Combine(Path.GetFullPath(args[1]), "DltDr.Engine.dll"));
                var reader = engine.GetType("DltDr.Engine.Pairs.PairDefinitionReader", true)!;
                var pair = reader.GetMethod("FromFile", new[] { typeof(string) })!.Invoke(null, new object[] { Path.GetFullPath(args[2]) });
                var name = pair!.GetType().GetProperty("Name")!.GetValue(pair);
                Report();
                Console.WriteLine("pair " + name);
                result = 0;
            }
            catch (Exception ex)
            {
                Report();
                var inner = ex is TargetInvocationException && ex.InnerException != null ? ex.InnerException : ex;
                Console.WriteLine($"failed {inner.GetType().FullName}: {inner.Message}");
                result = 1;
            }
            return result;
        }

        private static void Report()
        {
            foreach (var a in AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name == "Newtonsoft.Json"))
            {
                var file = FileVersionInfo.GetVersionInfo(a.Location).FileVersion;
                Console.WriteLine($"newtonsoft {a.GetName().Version} {file} {a.Location}");
            }
        }
    }
}
