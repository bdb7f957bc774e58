namespace Bailian.Emulator.Uploads;

/// <summary>One issued upload policy (API doc §6.1): what a form upload must present and what its file is bound to.</summary>
/// <param name="Text">The base64 policy document, sent back as the <c>policy</c> form field.</param>
/// <param name="Signature">Its signature, the <c>Signature</c> field.</param>
/// <param name="UploadDir">The directory every key must be under.</param>
/// <param name="RegionId">The region it was issued in.</param>
/// <param name="Model">The model named in getPolicy, the only one that may use the file.</param>
/// <param name="Expiration">When it stops being accepted.</param>
internal sealed record UploadPolicy(string Text, string Signature, string UploadDir, string RegionId, string Model, DateTimeOffset Expiration)
{
    public const string AccessKeyId = "LTAI5temulatorupload";
    public const string Bucket = "dashscope-file-mgr";
    public const string ObjectAcl = "private";
    public const string ForbidOverwrite = "true";

    /// <summary>1024 MB, the fixture's <c>max_file_size_mb</c> and the policy's <c>content-length-range</c> top.</summary>
    public const long MaxBytes = 1024L * 1024 * 1024;
}
