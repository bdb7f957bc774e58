namespace Bailian.Generation;

/// <summary>The line -WhatIf and -Confirm show for a prepared request: what would be billed, with which model, at which size.</summary>
public static class WhatIfText
{
    /// <summary>"2 images with wan2.6-t2i at 1280*1280 (as a task) from 1 image: \"prompt\"" (the prompt cut at 60 characters).</summary>
    public static string Of(PreparedGeneration prepared)
    {
        var size = prepared.Size?.ToString() ?? prepared.NamedSize ?? prepared.Model?.DefaultSize ?? "default size";
        var prompt = prepared.Request.Prompt.Length > 60 ? prepared.Request.Prompt.Substring(0, 57) + "..." : prepared.Request.Prompt;
        var asTask = prepared.Protocol.IsAsync() ? " (as a task)" : "";
        var from = prepared.Inputs.Count == 0 ? "" : $" from {prepared.Inputs.Count} image{(prepared.Inputs.Count == 1 ? "" : "s")}";
        // Interleaved output makes up to max_images images from its one request (n = 1).
        var most = prepared.Options.MaxImages ?? prepared.Model?.Options.Interleave?.MaxImages.Max;
        var images = prepared.Options.Streams ? $"text and up to {most?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "several"} images"
            : $"{prepared.Count} image{(prepared.Count == 1 ? "" : "s")}";
        return $"{images} with {prepared.ModelName} at {size}{asTask}{from}: \"{prompt}\"";
    }
}
