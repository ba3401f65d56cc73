using System;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using DltDr.Tests.Infrastructure;
using Newtonsoft.Json.Linq;
using Xunit;

namespace DltDr.Tests.Emulator
{
    public class WorkspaceApiTests
    {
        private static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

        [Fact]
        public async Task Mkdirs_creates_parents_and_is_fine_when_the_folder_exists()
        {
            await using var h = await EmulatorHarness.StartAsync();
            JsonAssert.Equal(new JObject(), await h.OkAsync(HttpMethod.Post, "primary", "/api/2.0/workspace/mkdirs", new JObject { ["path"] = "/Shared/dltdr/sales" }));
            await h.OkAsync(HttpMethod.Post, "primary", "/api/2.0/workspace/mkdirs", new JObject { ["path"] = "/Shared/dltdr/sales" });
            var st = await h.OkAsync(HttpMethod.Get, "primary", "/api/2.0/workspace/get-status?path=/Shared/dltdr");
            Assert.Equal("DIRECTORY", (string?)st["object_type"]);
            Assert.Equal("/Shared/dltdr", (string?)st["path"]);
            Assert.Equal(JTokenType.Integer, st["object_id"]!.Type);
            (await h.PostAsync("primary", "/api/2.0/workspace/mkdirs", new JObject { ["path"] = "Shared/x" })).AssertError(400, "INVALID_PARAMETER_VALUE", "Path (Shared/x) doesn't start with '/'");
        }

        [Fact]
        public async Task A_source_notebook_imports_and_exports_with_its_header()
        {
            await using var h = await EmulatorHarness.StartAsync();
            await h.OkAsync(HttpMethod.Post, "primary", "/api/2.0/workspace/mkdirs", new JObject { ["path"] = "/Shared/dltdr" });
            var source = "import dlt\n\n@dlt.table\ndef bronze():\n    return spark.readStream.table('raw')\n";
            await h.OkAsync(HttpMethod.Post, "primary", "/api/2.0/workspace/import", new JObject
            {
                ["path"] = "/Shared/dltdr/bronze", ["format"] = "SOURCE", ["language"] = "PYTHON", ["content"] = B64(source),
            });
            var st = await h.OkAsync(HttpMethod.Get, "primary", "/api/2.0/workspace/get-status?path=/Shared/dltdr/bronze");
            Assert.Equal("NOTEBOOK", (string?)st["object_type"]);
            Assert.Equal("PYTHON", (string?)st["language"]);
            var exported = await h.OkAsync(HttpMethod.Get, "primary", "/api/2.0/workspace/export?path=/Shared/dltdr/bronze&format=SOURCE");
            JsonAssert.Equal(new JObject { ["content"] = B64("# Databricks notebook source\n" + source), ["file_type"] = "py" }, exported);

            // Overwrite is refused unless asked for.
            var again = new JObject { ["path"] = "/Shared/dltdr/bronze", ["format"] = "SOURCE", ["language"] = "PYTHON", ["content"] = B64("-- x") };
            (await h.PostAsync("primary", "/api/2.0/workspace/import", again)).AssertError(400, "RESOURCE_ALREADY_EXISTS", "Path (/Shared/dltdr/bronze) already exists.");
            again["overwrite"] = true;
            again["language"] = "SQL";
            await h.OkAsync(HttpMethod.Post, "primary", "/api/2.0/workspace/import", again);
            exported = await h.OkAsync(HttpMethod.Get, "primary", "/api/2.0/workspace/export?path=/Shared/dltdr/bronze");
            JsonAssert.Equal(new JObject { ["content"] = B64("-- Databricks notebook source\n-- x"), ["file_type"] = "sql" }, exported);
        }

        [Fact]
        public async Task Import_errors_follow_the_language_parent_and_size_rules()
        {
            await using var h = await EmulatorHarness.StartAsync();
            (await h.PostAsync("primary", "/api/2.0/workspace/import", new JObject { ["path"] = "/Shared/n", ["format"] = "SOURCE", ["content"] = B64("x") }))
                .AssertError(400, "INVALID_PARAMETER_VALUE", "The language field is required when format is SOURCE.");
            (await h.PostAsync("primary", "/api/2.0/workspace/import", new JObject { ["path"] = "/Shared/nope/n", ["language"] = "PYTHON", ["content"] = B64("x") }))
                .AssertError(404, "RESOURCE_DOES_NOT_EXIST", "The parent folder (/Shared/nope) does not exist.");
            (await h.PostAsync("primary", "/api/2.0/workspace/import", new JObject { ["path"] = "/Shared/n", ["language"] = "COBOL", ["content"] = B64("x") }))
                .AssertError(400, "INVALID_PARAMETER_VALUE", "Invalid language 'COBOL'. Allowed values: PYTHON, SQL, SCALA, R.");
            var big = Convert.ToBase64String(new byte[10 * 1024 * 1024 + 1]);
            (await h.PostAsync("primary", "/api/2.0/workspace/import", new JObject { ["path"] = "/Shared/big", ["language"] = "PYTHON", ["content"] = big }))
                .AssertError(400, "MAX_NOTEBOOK_SIZE_EXCEEDED", "File size imported is (10485761 bytes), exceeded max size (10485760 bytes)");
            (await h.GetAsync("primary", "/api/2.0/workspace/get-status?path=/Shared/missing")).AssertError(404, "RESOURCE_DOES_NOT_EXIST", "Path (/Shared/missing) doesn't exist.");
        }

        [Fact]
        public async Task Auto_format_makes_a_notebook_of_a_source_file_with_the_header_and_a_file_otherwise()
        {
            await using var h = await EmulatorHarness.StartAsync();
            await h.OkAsync(HttpMethod.Post, "primary", "/api/2.0/workspace/import", new JObject { ["path"] = "/Shared/silver.sql", ["format"] = "AUTO", ["content"] = B64("-- Databricks notebook source\nSELECT 1") });
            var nb = await h.OkAsync(HttpMethod.Get, "primary", "/api/2.0/workspace/get-status?path=/Shared/silver");
            Assert.Equal("NOTEBOOK", (string?)nb["object_type"]);
            Assert.Equal("SQL", (string?)nb["language"]);

            await h.OkAsync(HttpMethod.Post, "primary", "/api/2.0/workspace/import", new JObject { ["path"] = "/Shared/helpers.py", ["format"] = "AUTO", ["content"] = B64("def f(): pass") });
            var file = await h.OkAsync(HttpMethod.Get, "primary", "/api/2.0/workspace/get-status?path=/Shared/helpers.py");
            Assert.Equal("FILE", (string?)file["object_type"]);
            Assert.Equal(13, (int)file["size"]!);
        }

        [Fact]
        public async Task Delete_refuses_a_non_empty_folder_unless_recursive()
        {
            await using var h = await EmulatorHarness.StartAsync();
            await h.OkAsync(HttpMethod.Post, "primary", "/api/2.0/workspace/mkdirs", new JObject { ["path"] = "/Shared/d/e" });
            (await h.PostAsync("primary", "/api/2.0/workspace/delete", new JObject { ["path"] = "/Shared/d" })).AssertError(400, "DIRECTORY_NOT_EMPTY", "Folder (/Shared/d) is not empty");
            await h.OkAsync(HttpMethod.Post, "primary", "/api/2.0/workspace/delete", new JObject { ["path"] = "/Shared/d", ["recursive"] = true });
            (await h.GetAsync("primary", "/api/2.0/workspace/get-status?path=/Shared/d/e")).AssertError(404, "RESOURCE_DOES_NOT_EXIST", "Path (/Shared/d/e) doesn't exist.");
            var list = await h.OkAsync(HttpMethod.Get, "primary", "/api/2.0/workspace/list?path=/");
            Assert.Equal(new[] { "/Repos", "/Shared", "/Users" }, list["objects"]!.Select(o => (string?)o["path"]));
        }
    }
}
