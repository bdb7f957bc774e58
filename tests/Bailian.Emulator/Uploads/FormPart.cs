namespace Bailian.Emulator.Uploads;

/// <summary>One part of a multipart/form-data body.</summary>
/// <param name="Name">The form field's name.</param>
/// <param name="Value">A text field's value; null for the file.</param>
/// <param name="FileName">The file name the client gave; null when none.</param>
/// <param name="ContentType">The part's own Content-Type; null when none.</param>
/// <param name="Content">The file's bytes; null for a text field, or when the reader was told not to keep them.</param>
/// <param name="Length">The value's or the file's length in bytes.</param>
internal sealed record FormPart(string Name, string? Value, string? FileName, string? ContentType, byte[]? Content, long Length)
{
    /// <summary>OSS takes the file from the field named <c>file</c>, which must come last (API doc §6.1).</summary>
    public const string FileField = "file";

    public bool IsFile => Name == FileField;
}
