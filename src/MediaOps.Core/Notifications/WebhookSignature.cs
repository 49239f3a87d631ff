using System;
using System.Security.Cryptography;
using System.Text;

namespace MediaOps.Core.Notifications
{
    /// <summary>
    /// How a WebHook delivery is signed, as Media Services v2 signed it: the header <c>ms-signature</c> is
    /// <c>sha256=</c> and the upper-case hex HMAC-SHA256 of the body's bytes keyed with the Base64-decoded signing key;
    /// <c>ms-mediaservices-accountid</c> carries the account's id, which is also the body's Properties["AccountId"].
    /// </summary>
    public static class WebhookSignature
    {
        public const string SignatureHeader = "ms-signature";
        public const string AccountIdHeader = "ms-mediaservices-accountid";
        public const string SignaturePrefix = "sha256=";

        /// <summary>Bytes of a signing key: 64 random bytes, Base64-encoded.</summary>
        public const int SigningKeyLength = 64;

        /// <summary>The <c>ms-signature</c> value of <paramref name="body"/>.</summary>
        public static string Compute(byte[] body, string signingKey)
        {
            if (body is null) throw new ArgumentNullException(nameof(body));
            var key = DecodeKey(signingKey) ?? throw new ArgumentException("The signing key is not Base64 of 64 bytes.", nameof(signingKey));
            using var hmac = new HMACSHA256(key);
            var hash = hmac.ComputeHash(body);
            var builder = new StringBuilder(SignaturePrefix.Length + hash.Length * 2).Append(SignaturePrefix);
            foreach (var b in hash) builder.Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            return builder.ToString();
        }

        /// <summary>A new signing key: Base64 of 64 random bytes.</summary>
        public static string NewSigningKey()
        {
            var bytes = new byte[SigningKeyLength];
            using (var random = RandomNumberGenerator.Create()) random.GetBytes(bytes);
            return Convert.ToBase64String(bytes);
        }

        /// <summary>The key's bytes; null unless it is Base64 of exactly 64 bytes.</summary>
        internal static byte[]? DecodeKey(string? signingKey)
        {
            if (string.IsNullOrWhiteSpace(signingKey)) return null;
            try
            {
                var bytes = Convert.FromBase64String(signingKey!.Trim());
                return bytes.Length == SigningKeyLength ? bytes : null;
            }
            catch (FormatException)
            {
                return null;
            }
        }
    }
}
