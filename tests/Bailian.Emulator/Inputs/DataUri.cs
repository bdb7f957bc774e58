namespace Bailian.Emulator.Inputs;

/// <summary>
/// <c>data:{mime};base64,{data}</c> (API doc §6). The declared MIME type is not trusted, as the service does not
/// trust it: the bytes are checked by their signature afterwards.
/// </summary>
internal static class DataUri
{
    private const string Scheme = "data:";
    private const string Base64Marker = ";base64";

    public static bool Is(string reference) => reference.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase);

    public static bool TryDecode(string reference, out byte[] bytes)
    {
        bytes = [];
        var comma = reference.IndexOf(',', StringComparison.Ordinal);
        if (comma < 0 || !reference.AsSpan(0, comma).EndsWith(Base64Marker, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            bytes = Convert.FromBase64String(reference[(comma + 1)..]);
            return bytes.Length > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
