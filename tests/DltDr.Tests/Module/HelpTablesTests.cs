using System;
using System.IO;
using Xunit;

namespace DltDr.Tests.Module
{
    /// <summary>
    /// The help pages hold the step list and the status problem table as the code has them: change
    /// a step or a problem in the code, and this fails until the pages are rendered again.
    /// </summary>
    public sealed class HelpTablesTests
    {
        private const string HowToUpdate = "Render the help pages from the code: DLTDR_UPDATE_HELP=1 dotnet test tests/DltDr.Tests --filter HelpTables";

        [Fact]
        public void Set_DltDrActiveRegion_lists_the_switch_steps_as_SwitchSteps_has_them()
        {
            if (Environment.GetEnvironmentVariable("DLTDR_UPDATE_HELP") == "1") HelpTables.Update();
            var page = File.ReadAllText(HelpTables.StepsPage);
            Assert.True(HelpTables.RenderStepsPage(page) == page, HowToUpdate);
        }

        [Fact]
        public void About_DltDr_lists_the_status_problems_and_error_ids_as_the_code_has_them()
        {
            if (Environment.GetEnvironmentVariable("DLTDR_UPDATE_HELP") == "1") HelpTables.Update();
            var page = File.ReadAllText(HelpTables.AboutPage);
            Assert.True(HelpTables.RenderAboutPage(page) == page, HowToUpdate);
        }

        [Fact]
        public void A_changed_step_or_problem_is_a_difference()
        {
            var steps = File.ReadAllText(HelpTables.StepsPage);
            var edited = steps.Replace("2. promote (target;", "2. promote (other;");
            Assert.NotEqual(steps, edited);
            Assert.Equal(steps, HelpTables.RenderStepsPage(edited));
            var about = File.ReadAllText(HelpTables.AboutPage);
            var edited2 = about.Replace("- NoneActive (error; fails Roles)", "- NoneActive (warning; fails Roles)");
            Assert.NotEqual(about, edited2);
            Assert.Equal(about, HelpTables.RenderAboutPage(edited2));
            var edited3 = about.Replace("- BothActive (InvalidResult)", "- BothActive (InvalidData)");
            Assert.NotEqual(about, edited3);
            Assert.Equal(about, HelpTables.RenderAboutPage(edited3));
            var edited4 = about.Replace("- throttled: 429", "- throttled: 430");
            Assert.NotEqual(about, edited4);
            Assert.Equal(about, HelpTables.RenderAboutPage(edited4));
        }
    }
}
