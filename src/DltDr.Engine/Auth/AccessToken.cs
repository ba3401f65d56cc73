using System;

namespace DltDr.Engine.Auth
{
    /// <summary>A bearer token and when it stops working.</summary>
    public sealed class AccessToken
    {
        public AccessToken(string value, DateTimeOffset expiresOn)
        {
            Value = value;
            ExpiresOn = expiresOn;
        }

        public string Value { get; }
        public DateTimeOffset ExpiresOn { get; }
    }
}
