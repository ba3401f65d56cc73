// The pipeline a team already runs, made the way the workspace editor or a bundle makes it, with
// Databricks' official generated client, unchanged: a folder of workspace files, root_path, a glob
// of its transformations, environment dependencies, and fields DltDr has no place for (a budget
// policy, an event log). Run by tests/DltDr.Tests/Emulator/OfficialClientOnboardingTests.cs:
//   node onboard.mjs create        prints {"pipeline_id", "spec"}
//   node onboard.mjs read ID       prints {"spec", "update_id"} of the pipeline as the client reads it
// with DATABRICKS_HOST, DATABRICKS_TOKEN and NODE_EXTRA_CA_CERTS as drive.mjs has them.
import { WorkspaceClient } from "@databricks/sdk-experimental";

const w = new WorkspaceClient({ host: process.env.DATABRICKS_HOST, token: process.env.DATABRICKS_TOKEN, authType: "pat" });
const root = "/Workspace/Users/ana@example.com/clicks";
const b64 = (text) => Buffer.from(text).toString("base64");

async function create() {
  for (const folder of ["transformations", "utilities", "explorations"]) await w.workspace.mkdirs({ path: `${root}/${folder}` });
  const files = {
    "transformations/raw_clicks.py": "from pyspark import pipelines as dp\n\n@dp.table\ndef raw_clicks():\n    return spark.readStream.table('landing.web.clicks')\n",
    "transformations/daily_clicks.sql": "CREATE MATERIALIZED VIEW daily_clicks AS SELECT date(ts) AS day, count(*) AS n FROM raw_clicks GROUP BY 1\n",
    "utilities/cleaning.py": "def drop_bots(df):\n    return df.where(\"agent NOT LIKE '%bot%'\")\n",
  };
  for (const [path, text] of Object.entries(files)) {
    await w.workspace.import({ path: `${root}/${path}`, format: "RAW", content: b64(text), overwrite: true });
  }
  // A notebook beside the pipeline's files, as the editor's explorations folder holds one.
  await w.workspace.import({ path: `${root}/explorations/look`, format: "SOURCE", language: "PYTHON",
    content: b64("# Databricks notebook source\ndisplay(spark.table('raw_clicks'))\n"), overwrite: true });
  const created = await w.pipelines.create({
    name: "clicks",
    catalog: "web",
    schema: "clicks",
    serverless: true,
    continuous: true,
    channel: "CURRENT",
    root_path: root,
    libraries: [{ glob: { include: `${root}/transformations/**` } }],
    environment: { dependencies: ["user-agents==2.2.0"] },
    configuration: { "clicks.window": "30 days" },
    tags: { team: "web" },
    budget_policy_id: "policy-web-1",
    event_log: { catalog: "web", schema: "ops", name: "clicks_events" },
  });
  const got = await w.pipelines.get({ pipeline_id: created.pipeline_id });
  return { pipeline_id: created.pipeline_id, spec: got.spec };
}

async function read(id) {
  const got = await w.pipelines.get({ pipeline_id: id });
  return { spec: got.spec, state: got.state, update_id: got.latest_updates?.[0]?.update_id ?? null };
}

const [mode, id] = process.argv.slice(2);
const out = mode === "create" ? await create() : await read(id);
process.stdout.write(JSON.stringify(out));
