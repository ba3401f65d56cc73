using System;
using System.Collections;
using System.Management.Automation;
using Newtonsoft.Json.Linq;

namespace DltDr.Cmdlets
{
    /// <summary>Turns a hashtable (as runbooks build definitions) into the JSON object the engine reads.</summary>
    internal static class DefinitionConverter
    {
        public static JToken ToJson(object? value)
        {
            if (value is PSObject ps && !(ps.BaseObject is PSCustomObject)) value = ps.BaseObject;
            switch (value)
            {
                case null:
                    return JValue.CreateNull();
                case string s:
                    return new JValue(s);
                case bool b:
                    return new JValue(b);
                case IDictionary dict:
                    var o = new JObject();
                    foreach (DictionaryEntry e in dict) o[e.Key?.ToString() ?? string.Empty] = ToJson(e.Value);
                    return o;
                case PSObject custom:
                    var co = new JObject();
                    foreach (var p in custom.Properties) co[p.Name] = ToJson(p.Value);
                    return co;
                case IEnumerable list:
                    var arr = new JArray();
                    foreach (var item in list) arr.Add(ToJson(item));
                    return arr;
                case int _:
                case long _:
                case double _:
                case decimal _:
                    return new JValue(Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture));
                default:
                    return new JValue(value.ToString());
            }
        }
    }
}
