namespace Bailian.Emulator;

/// <summary>A file uploaded to the emulator's temporary storage (API doc §6.1), as <see cref="EmulatorControl.UploadedObjects"/> lists it.</summary>
/// <param name="Key">The object key; <c>oss://{Key}</c> names it in a request.</param>
/// <param name="Model">The model of its upload policy, the only one that may use it.</param>
/// <param name="Region">The region of its upload policy.</param>
/// <param name="Length">Its size in bytes.</param>
/// <param name="ContentType">The <c>x-oss-content-type</c> form field, else the file part's Content-Type; null when neither was sent.</param>
/// <param name="UploadedAt">When it was stored, by <see cref="EmulatorOptions.TimeProvider"/>; it lives 48 hours from then.</param>
public sealed record UploadedObject(string Key, string Model, string Region, long Length, string? ContentType, DateTimeOffset UploadedAt);
