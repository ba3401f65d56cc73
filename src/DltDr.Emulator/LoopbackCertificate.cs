using System;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DltDr.Emulator
{
    /// <summary>
    /// A self-signed certificate for the emulator's HTTPS listeners, valid for the loopback
    /// addresses given and localhost; clients are told to trust it (node: NODE_EXTRA_CA_CERTS).
    /// </summary>
    public static class LoopbackCertificate
    {
        public static X509Certificate2 Create(params IPAddress[] addresses)
        {
            using var key = RSA.Create(2048);
            var req = new CertificateRequest("CN=DltDr emulator", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var san = new SubjectAlternativeNameBuilder();
            foreach (var a in addresses.Length == 0 ? new[] { IPAddress.Loopback } : addresses)
            {
                if (!IPAddress.IsLoopback(a)) throw new ArgumentException($"{a} is not a loopback address.", nameof(addresses));
                san.AddIpAddress(a);
            }
            san.AddDnsName("localhost");
            req.CertificateExtensions.Add(san.Build());
            req.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
            using var cert = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
            // Re-load with an exportable key so Kestrel can use it on every platform.
            return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null);
        }
    }
}
