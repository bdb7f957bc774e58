using System.Globalization;

namespace Bailian.Emulator.Uploads;

/// <summary>
/// The checks OSS makes of a form upload against its policy, in OSS's order and with its codes: the access key,
/// the signature, the expiry, then each policy condition, then the size.
/// </summary>
internal static class UploadRules
{
    private static readonly OssError Expired = PolicyFailed("Policy expired.");

    public static OssError? Check(UploadForm form, UploadPolicies policies, out UploadPolicy? policy)
    {
        policy = null;
        if (form[UploadForm.AccessKeyIdField] != UploadPolicy.AccessKeyId)
        {
            return new OssError(
                StatusCodes.Status403Forbidden,
                "InvalidAccessKeyId",
                "The OSS Access Key Id you provided does not exist in our records.",
                [new(UploadForm.AccessKeyIdField, form[UploadForm.AccessKeyIdField]!)]);
        }

        var text = form[UploadForm.PolicyField]!;
        if (!policies.IsSigned(text, form[UploadForm.SignatureField]!))
        {
            return new OssError(
                StatusCodes.Status403Forbidden,
                "SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided. Check your key and signing method.");
        }

        // Signed here but no longer remembered: it expired long ago.
        policy = policies.Find(text);
        if (policy is null || policies.Now > policy.Expiration)
        {
            return Expired;
        }

        var key = form[UploadForm.KeyField]!;
        if (!key.StartsWith(policy.UploadDir + "/", StringComparison.Ordinal) || key.Length == policy.UploadDir.Length + 1)
        {
            return PolicyFailed($"Policy Condition failed: [\"starts-with\", \"$key\", \"{policy.UploadDir}\"]");
        }

        if (form[UploadForm.AclField] != UploadPolicy.ObjectAcl)
        {
            return PolicyFailed($"Policy Condition failed: [\"eq\", \"${UploadForm.AclField}\", \"{UploadPolicy.ObjectAcl}\"]");
        }

        if (form[UploadForm.ForbidOverwriteField] != UploadPolicy.ForbidOverwrite)
        {
            return PolicyFailed($"Policy Condition failed: [\"eq\", \"${UploadForm.ForbidOverwriteField}\", \"{UploadPolicy.ForbidOverwrite}\"]");
        }

        return form.File.Length > UploadPolicy.MaxBytes ? TooLarge(form.File.Length, UploadPolicy.MaxBytes) : null;
    }

    /// <summary>OSS's answer to a file past the policy's <c>content-length-range</c> (or past what the server reads).</summary>
    public static OssError TooLarge(long length, long max) => new(
        StatusCodes.Status400BadRequest,
        "EntityTooLarge",
        "Your proposed upload exceeds the maximum allowed size.",
        [new("ProposedSize", length.ToString(CultureInfo.InvariantCulture)), new("MaxSizeAllowed", max.ToString(CultureInfo.InvariantCulture))]);

    private static OssError PolicyFailed(string reason) =>
        new(StatusCodes.Status403Forbidden, "AccessDenied", "Invalid according to Policy: " + reason);
}
