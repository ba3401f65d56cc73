// The baseline of the benchmark: a failover runbook as a team writes it by hand on Databricks'
// official JS SDK, unchanged. For each pair in turn: promote the target region's pipeline
// (continuous), pause its catch-up job, wait until it runs, then demote the other region
// (triggered, update stopped, catch-up resumed). Prints {"seconds": N, "pairs": N} when done.
// Env: TARGET_HOST, OTHER_HOST (https, port 443), DATABRICKS_TOKEN, PAIRS (comma-separated names),
// NODE_EXTRA_CA_CERTS naming the emulator's certificate.
import { WorkspaceClient } from "@databricks/sdk-experimental";

const client = (host) => new WorkspaceClient({ host, token: process.env.DATABRICKS_TOKEN, authType: "pat" });
const target = client(process.env.TARGET_HOST);
const other = client(process.env.OTHER_HOST);
const pairs = process.env.PAIRS.split(",");
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function pipelineOf(w, name) {
  for await (const p of w.pipelines.listPipelines({ filter: `name LIKE '${name}-dlt'` })) return w.pipelines.get({ pipeline_id: p.pipeline_id });
  throw new Error(`no pipeline ${name}-dlt`);
}

async function jobOf(w, name) {
  for await (const j of w.jobs.list({ name: `${name}-dlt catch-up` })) return w.jobs.get({ job_id: j.job_id });
  throw new Error(`no job for ${name}`);
}

async function setPause(w, job, status) {
  await w.jobs.update({ job_id: job.job_id, new_settings: { schedule: { ...job.settings.schedule, pause_status: status } } });
}

const started = Date.now();
for (const name of pairs) {
  const p = await pipelineOf(target, name);
  await target.pipelines.update({ ...p.spec, pipeline_id: p.pipeline_id, continuous: true });
  await setPause(target, await jobOf(target, name), "PAUSED");
  for (;;) {
    const now = await target.pipelines.get({ pipeline_id: p.pipeline_id });
    if (now.latest_updates?.[0]?.state === "RUNNING") break;
    await sleep(250);
  }
  const o = await pipelineOf(other, name);
  await other.pipelines.update({ ...o.spec, pipeline_id: o.pipeline_id, continuous: false });
  await (await other.pipelines.stop({ pipeline_id: o.pipeline_id })).wait();
  await setPause(other, await jobOf(other, name), "UNPAUSED");
}
console.log(JSON.stringify({ seconds: (Date.now() - started) / 1000, pairs: pairs.length }));
