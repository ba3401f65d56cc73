using System;
using DltDr.Engine.Pairs;
using Xunit;

namespace DltDr.Tests.Engine
{
    public class CronMatcherTests
    {
        private static readonly TimeZoneInfo Utc = TimeZoneInfo.Utc;

        [Theory]
        [InlineData("0 0 1 * * ?", "2026-11-24T12:00:00Z", "2026-11-24T01:00:00Z")]
        [InlineData("0 0 1 * * ?", "2026-11-24T01:00:00Z", "2026-11-23T01:00:00Z")] // strictly before
        [InlineData("0 0 1 * * ?", "2026-11-24T01:00:30Z", "2026-11-24T01:00:00Z")]
        [InlineData("0 30 2 ? * MON-FRI", "2026-11-23T00:00:00Z", "2026-11-20T02:30:00Z")] // Monday morning: last Friday
        [InlineData("0 0/15 * * * ?", "2026-11-24T10:07:00Z", "2026-11-24T10:00:00Z")]
        [InlineData("0 0 1 L * ?", "2026-11-24T00:00:00Z", "2026-10-31T01:00:00Z")]
        [InlineData("0 0 1 ? * 6#3", "2026-11-24T00:00:00Z", "2026-11-20T01:00:00Z")] // third Friday of November 2026
        [InlineData("0 0 1 ? * SUNL", "2026-11-24T00:00:00Z", "2026-10-25T01:00:00Z")] // last Sunday of October
        [InlineData("0 0 1 15W * ?", "2026-11-24T00:00:00Z", "2026-11-16T01:00:00Z")] // the 15th is a Sunday: Monday the 16th
        public void Finds_the_previous_firing(string cron, string before, string expected)
        {
            var fired = CronMatcher.Parse(cron).PreviousFiring(DateTimeOffset.Parse(before), Utc, TimeSpan.FromDays(60));
            Assert.Equal(DateTimeOffset.Parse(expected), fired);
        }

        [Fact]
        public void Follows_the_time_zone()
        {
            var ny = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
            var fired = CronMatcher.Parse("0 0 1 * * ?").PreviousFiring(DateTimeOffset.Parse("2026-11-24T12:00:00Z"), ny, TimeSpan.FromDays(2));
            Assert.Equal(DateTimeOffset.Parse("2026-11-24T06:00:00Z"), fired); // 01:00 EST
        }

        [Fact]
        public void Answers_null_beyond_the_look_back_and_refuses_an_invalid_expression()
        {
            Assert.Null(CronMatcher.Parse("0 0 1 1 1 ? 2020").PreviousFiring(DateTimeOffset.Parse("2026-11-24T00:00:00Z"), Utc, TimeSpan.FromDays(400)));
            Assert.Throws<FormatException>(() => CronMatcher.Parse("0 0 1 * *"));
        }
    }
}
