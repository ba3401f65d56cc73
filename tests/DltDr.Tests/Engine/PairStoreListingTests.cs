using System;
using System.IO;
using System.Linq;
using DltDr.Engine.Pairs;
using Xunit;

namespace DltDr.Tests.Engine
{
    /// <summary>
    /// A folder of pair files is listed once while it does not change (a command naming hundreds of
    /// pairs), and a file added, removed or renamed is found at once all the same.
    /// </summary>
    public sealed class PairStoreListingTests : IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("dltdr-listing-").FullName;

        public void Dispose() => Directory.Delete(_folder, true);

        private void Write(string name) => File.WriteAllText(Path.Combine(_folder, name + ".json"), "{}");

        /// <summary>As if the folder was last changed a minute ago, so its listing is kept.</summary>
        private void Settle() => Directory.SetLastWriteTimeUtc(_folder, DateTime.UtcNow.AddMinutes(-1));

        [Fact]
        public void A_kept_listing_still_sees_files_added_removed_and_renamed()
        {
            var store = new PairStore(new[] { _folder });
            Write("sales");
            Write("orders");
            Settle();
            Assert.Equal(new[] { "orders", "sales" }, store.Find("*").Select(f => f.Name));

            Write("billing");
            Assert.Equal(new[] { "billing", "orders", "sales" }, store.Find("*").Select(f => f.Name));
            Settle();
            Assert.Single(store.Find("billing"));

            File.Move(Path.Combine(_folder, "billing.json"), Path.Combine(_folder, "invoices.json"));
            Assert.Empty(store.Find("billing"));
            Assert.Single(store.Find("invoices"));
            Settle();

            File.Delete(Path.Combine(_folder, "orders.json"));
            Assert.Empty(new PairStore(new[] { _folder }).Find("orders"));
        }

        [Fact]
        public void A_folder_changed_within_two_seconds_is_listed_again_each_time()
        {
            var store = new PairStore(new[] { _folder });
            Write("sales");
            Assert.Single(store.Find("sales"));
            // Same time stamp as the listing before (a coarse clock): the file is found all the same.
            var stamp = Directory.GetLastWriteTimeUtc(_folder);
            Write("orders");
            Directory.SetLastWriteTimeUtc(_folder, stamp);
            Assert.Single(store.Find("orders"));
        }
    }
}
