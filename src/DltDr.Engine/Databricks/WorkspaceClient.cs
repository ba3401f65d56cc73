using System;
using DltDr.Engine.Auth;

namespace DltDr.Engine.Databricks
{
    /// <summary>One workspace: its single transport (auth, retries, redaction) and the typed services over it.</summary>
    public sealed class WorkspaceClient : IDisposable
    {
        public WorkspaceClient(Uri host, ICredentialProvider credentials, TransportOptions? options = null)
        {
            Transport = new DatabricksTransport(host, credentials, options);
            Pipelines = new PipelinesService(Transport);
            Jobs = new JobsService(Transport);
            Workspace = new WorkspaceService(Transport);
            CurrentUser = new CurrentUserService(Transport);
            Catalog = new WorkspaceCatalog(Pipelines, Jobs);
            Watch = new PipelineWatch(Pipelines, Transport.Clock);
        }

        public DatabricksTransport Transport { get; }
        public Uri Host => Transport.Host;
        public PipelinesService Pipelines { get; }
        public JobsService Jobs { get; }
        public WorkspaceService Workspace { get; }
        public CurrentUserService CurrentUser { get; }

        /// <summary>Pipelines and jobs by name, listed once per command when it works on several pairs here.</summary>
        public WorkspaceCatalog Catalog { get; }

        /// <summary>
        /// Waits on pipelines' states: one listing a tick for every pipeline waited on, when the command has several pairs here.
        /// </summary>
        public PipelineWatch Watch { get; }

        public void Dispose() => Transport.Dispose();
    }
}
