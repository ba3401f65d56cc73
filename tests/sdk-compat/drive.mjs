// Drives an emulated workspace with Databricks' official generated client, unchanged, and prints
// what it got back as one JSON document. Run by tests/DltDr.Tests/Emulator/OfficialClientTests.cs
// with DATABRICKS_HOST=https://127.0.0.1 (the client always uses port 443), DATABRICKS_TOKEN, and
// NODE_EXTRA_CA_CERTS naming the emulator's self-signed certificate.
import { WorkspaceClient } from "@databricks/sdk-experimental";

const w = new WorkspaceClient({ host: process.env.DATABRICKS_HOST, token: process.env.DATABRICKS_TOKEN, authType: "pat" });
const out = {};

async function apiError(fn) {
  try {
    await fn();
    return { thrown: false };
  } catch (e) {
    return { thrown: true, name: e.constructor.name, errorCode: e.errorCode, statusCode: e.statusCode, message: e.message };
  }
}

const source = "# Databricks notebook source\nimport dlt\n";
await w.workspace.mkdirs({ path: "/Shared/dltdr/sales" });
await w.workspace.import({ path: "/Shared/dltdr/sales/bronze", format: "SOURCE", language: "PYTHON", content: Buffer.from(source).toString("base64"), overwrite: true });
const exported = await w.workspace.export({ path: "/Shared/dltdr/sales/bronze", format: "SOURCE" });
out.exported = Buffer.from(exported.content, "base64").toString("utf8");
out.status = await w.workspace.getStatus({ path: "/Shared/dltdr/sales/bronze" });
out.importExists = await apiError(() => w.workspace.import({ path: "/Shared/dltdr/sales/bronze", format: "SOURCE", language: "PYTHON", content: "eA==" }));

const created = await w.pipelines.create({
  name: "sales-dlt",
  storage: "abfss://dlt@store.dfs.core.windows.net/sales",
  target: "sales",
  edition: "ADVANCED",
  continuous: false,
  libraries: [{ notebook: { path: "/Shared/dltdr/sales/bronze" } }],
});
const id = created.pipeline_id;
out.created = created;
out.got = await w.pipelines.get({ pipeline_id: id });
await w.pipelines.update({ ...out.got.spec, pipeline_id: id, development: true, expected_last_modified: out.got.last_modified });
out.edited = (await w.pipelines.get({ pipeline_id: id })).spec;
out.staleEdit = await apiError(() => w.pipelines.update({ ...out.got.spec, pipeline_id: id, expected_last_modified: out.got.last_modified }));

out.started = await w.pipelines.startUpdate({ pipeline_id: id, full_refresh: false });
out.startAgain = await apiError(() => w.pipelines.startUpdate({ pipeline_id: id }));
out.update = await w.pipelines.getUpdate({ pipeline_id: id, update_id: out.started.update_id });
const stopped = await (await w.pipelines.stop({ pipeline_id: id })).wait();
out.stoppedState = stopped.state;

out.listed = [];
for await (const s of w.pipelines.listPipelines({ filter: "name LIKE 'sales%'" })) out.listed.push(s.name);

const job = await w.jobs.create({
  name: "sales-dlt catch-up",
  schedule: { quartz_cron_expression: "0 0 1 * * ?", timezone_id: "UTC", pause_status: "PAUSED" },
  tasks: [{ task_key: "catch_up", pipeline_task: { pipeline_id: id } }],
});
out.job = await w.jobs.get({ job_id: job.job_id });
const waiter = await w.jobs.runNow({ job_id: job.job_id, idempotency_token: "sdk-compat-1" });
const run = await waiter.wait();
out.run = { life_cycle_state: run.state.life_cycle_state, result_state: run.state.result_state, task_pipeline: run.tasks[0].pipeline_task.pipeline_id };
out.missingPipeline = await apiError(() => w.pipelines.get({ pipeline_id: "does-not-exist" }));
out.missingJob = await apiError(() => w.jobs.get({ job_id: 42 }));

// Who the caller is, with a token and as a service principal through OAuth machine-to-machine
// (the client discovers the token endpoint from the host alone).
out.me = await w.currentUser.me();
const m2m = new WorkspaceClient({ host: process.env.DATABRICKS_HOST, clientId: "sdk-compat-sp", clientSecret: "sdk-compat-secret", authType: "oauth-m2m" });
out.m2mMe = await m2m.currentUser.me();

process.stdout.write(JSON.stringify(out));
