using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Bailian.Emulator.Api;

namespace Bailian.Emulator.Tasks;

/// <summary>
/// The account fields of a list row (API doc §4.3): fake but stable numbers per region, as each region's key
/// belongs to one account there. <see cref="UserApiUniqueKey"/> is derived from the key by a hash, never the key
/// itself, so no response carries a secret.
/// </summary>
internal sealed record TaskAccount(string ApiKeyId, string CallerUid, string CallerParentId, string UserApiUniqueKey)
{
    public static TaskAccount For(Region region)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes("bailian-emulator-account\n" + region.Id));
        var uid = Number(digest, 0, 16);
        var keyDigest = SHA256.HashData(Encoding.UTF8.GetBytes(region.ApiKey));
        return new TaskAccount(
            ApiKeyId: Number(digest, 8, 7),
            CallerUid: uid,
            CallerParentId: uid,
            UserApiUniqueKey: "apikey:v1:" + Convert.ToHexStringLower(keyDigest.AsSpan(0, 16)));
    }

    // A decimal number of exactly `digits` digits (no leading zero), like the service's account ids.
    private static string Number(byte[] digest, int offset, int digits)
    {
        var low = (ulong)Math.Pow(10, digits - 1);
        var value = BitConverter.ToUInt64(digest, offset) % (low * 9);
        return (low + value).ToString(CultureInfo.InvariantCulture);
    }
}
