using System;
using System.Net;
using System.Net.Sockets;

namespace DltDr.Engine.Databricks
{
    /// <summary>How the transport tells, from the exception a failed send raised, whether the request left at all.</summary>
    internal static class SendFailure
    {
        /// <summary>
        /// Failures before the request left: refused, name not resolved, network unreachable, or the
        /// TLS handshake failing. .NET reports them as a SocketException or an AuthenticationException;
        /// .NET Framework (Windows PowerShell 5.1) as a WebException with the matching status.
        /// </summary>
        internal static bool IsConnectFailure(Exception ex)
        {
            for (var e = ex; e != null; e = e.InnerException)
            {
                if (e is System.Security.Authentication.AuthenticationException) return true;
                if (e is WebException we)
                {
                    switch (we.Status)
                    {
                        case WebExceptionStatus.NameResolutionFailure:
                        case WebExceptionStatus.ConnectFailure:
                        case WebExceptionStatus.ProxyNameResolutionFailure:
                        case WebExceptionStatus.SecureChannelFailure:
                        case WebExceptionStatus.TrustFailure:
                            return true;
                    }
                }
                if (e is SocketException se)
                {
                    switch (se.SocketErrorCode)
                    {
                        case SocketError.ConnectionRefused:
                        case SocketError.HostNotFound:
                        case SocketError.TryAgain:
                        case SocketError.NoData:
                        case SocketError.HostUnreachable:
                        case SocketError.NetworkUnreachable:
                        case SocketError.AddressNotAvailable:
                            return true;
                    }
                }
            }
            return false;
        }

        /// <summary>The innermost message: what went wrong, without the wrappers' words.</summary>
        internal static string Describe(Exception ex)
        {
            var inner = ex;
            while (inner.InnerException != null) inner = inner.InnerException;
            return inner.Message;
        }
    }
}
