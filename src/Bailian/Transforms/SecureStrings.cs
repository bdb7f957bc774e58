using System.Runtime.InteropServices;
using System.Security;

namespace Bailian.Transforms;

/// <summary>SecureString conversions; the plain key exists only while a request is built.</summary>
internal static class SecureStrings
{
    public static SecureString FromPlainText(string text)
    {
        var secure = new SecureString();
        foreach (var c in text)
        {
            secure.AppendChar(c);
        }

        secure.MakeReadOnly();
        return secure;
    }

    public static string? ToPlainText(SecureString? secure)
    {
        if (secure is null || secure.Length == 0)
        {
            return null;
        }

        var pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
        try
        {
            return Marshal.PtrToStringUni(pointer);
        }
        finally
        {
            Marshal.ZeroFreeGlobalAllocUnicode(pointer);
        }
    }
}
