namespace Bailian.Generation;

/// <summary>What the user asked New-BailianImage for, before validation. Null means "not given".</summary>
public sealed class TextToImageRequest
{
    public string Prompt { get; set; } = "";
    public string? NegativePrompt { get; set; }
    public string Model { get; set; } = DefaultModel;
    public string? Size { get; set; }
    public int? Count { get; set; }
    public long? Seed { get; set; }
    public bool? PromptExtend { get; set; }
    public bool? Watermark { get; set; }
    public string? Name { get; set; }
    /// <summary>Submit as a task and return at once (-Async), instead of waiting for the images.</summary>
    public bool Async { get; set; }

    public const string DefaultModel = "qwen-image-plus";
}
