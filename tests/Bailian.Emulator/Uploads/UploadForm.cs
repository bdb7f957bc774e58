namespace Bailian.Emulator.Uploads;

/// <summary>
/// A form upload's fields and file (API doc §6.1), checked for shape: well-formed, a <c>file</c> part, and nothing
/// after it. OSS reads the form as a stream and takes the file as its end; a field behind it is refused here
/// rather than silently dropped, so a client that orders its form wrongly finds out.
/// </summary>
internal sealed record UploadForm(IReadOnlyDictionary<string, string> Fields, FormPart File)
{
    public const string AccessKeyIdField = "OSSAccessKeyId";
    public const string SignatureField = "Signature";
    public const string PolicyField = "policy";
    public const string KeyField = "key";
    public const string AclField = "x-oss-object-acl";
    public const string ForbidOverwriteField = "x-oss-forbid-overwrite";
    public const string StatusField = "success_action_status";
    public const string ContentTypeField = "x-oss-content-type";

    private static readonly string[] Required = [AccessKeyIdField, SignatureField, PolicyField, KeyField];

    public string? this[string name] => Fields.GetValueOrDefault(name);

    public static OssError? Read(IReadOnlyList<FormPart>? parts, out UploadForm? form)
    {
        form = null;
        if (parts is null)
        {
            return new OssError(StatusCodes.Status400BadRequest, "MalformedPOSTRequest", "The body of your POST request is not well-formed multipart/form-data.");
        }

        var fileAt = parts.ToList().FindIndex(p => p.IsFile);
        if (fileAt < 0)
        {
            return new OssError(StatusCodes.Status400BadRequest, "InvalidArgument", "The form has no file field; send the file as the last field, named file.");
        }

        if (fileAt < parts.Count - 1)
        {
            return new OssError(
                StatusCodes.Status400BadRequest,
                "InvalidArgument",
                $"The form field {parts[fileAt + 1].Name} follows the file field; the file must be the last field of the form.");
        }

        // Field names are case-insensitive in OSS forms; the first of a repeated field counts.
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in parts.Take(fileAt))
        {
            fields.TryAdd(part.Name, part.Value ?? string.Empty);
        }

        if (Required.FirstOrDefault(name => !fields.ContainsKey(name)) is { } missing)
        {
            return new OssError(StatusCodes.Status400BadRequest, "InvalidArgument", $"The form field {missing} is required.");
        }

        form = new UploadForm(fields, parts[fileAt]);
        return null;
    }
}
