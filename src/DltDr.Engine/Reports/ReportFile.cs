using System.IO;
using System.Text;

namespace DltDr.Engine.Reports
{
    /// <summary>Writes the report's HTML whole or not at all: a reader of the file share never finds half a report.</summary>
    public static class ReportFile
    {
        public static void Write(string path, EstateReport report)
        {
            var full = Path.GetFullPath(path);
            var temporary = full + ".partial";
            File.WriteAllText(temporary, ReportHtml.Render(report), new UTF8Encoding(false));
            if (File.Exists(full)) File.Delete(full);
            File.Move(temporary, full);
        }
    }
}
