using System;
using System.Net;

namespace DltDr.Emulator.Model
{
    /// <summary>A Databricks error answer: HTTP status plus the <c>error_code</c> and <c>message</c> of the body.</summary>
    public sealed class ApiException : Exception
    {
        public ApiException(HttpStatusCode status, string errorCode, string message) : base(message)
        {
            Status = status;
            ErrorCode = errorCode;
        }

        public HttpStatusCode Status { get; }
        public string ErrorCode { get; }

        public static ApiException InvalidParameter(string message)
            => new ApiException(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", message);
        public static ApiException Malformed(string message) => new ApiException(HttpStatusCode.BadRequest, "MALFORMED_REQUEST", message);
        public static ApiException NotFound(string message)
            => new ApiException(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", message);
        public static ApiException Conflict(string message) => new ApiException(HttpStatusCode.Conflict, "RESOURCE_CONFLICT", message);
        public static ApiException InvalidState(string message) => new ApiException(HttpStatusCode.BadRequest, "INVALID_STATE", message);
    }
}
