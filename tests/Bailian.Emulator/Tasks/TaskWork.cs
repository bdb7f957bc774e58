using Bailian.Emulator.Generation;

namespace Bailian.Emulator.Tasks;

/// <summary>Which create endpoint made a task, which decides the shape of its finished body (API doc §4.1).</summary>
internal enum TaskProtocol
{
    /// <summary><c>text2image</c> and <c>image2image/image-synthesis</c>: <c>results[]</c>, <c>task_metrics</c>, <c>usage.image_count</c>.</summary>
    Old,

    /// <summary><c>image-generation/generation</c>: <c>finished</c>, <c>choices[]</c>, wan-style <c>usage</c>.</summary>
    New,
}

/// <summary>What a task makes, fixed when it is created (the seed included, when none was sent).</summary>
/// <param name="Protocol">The create endpoint's protocol.</param>
/// <param name="Model">The model id as sent; with the region it names the task's concurrency lane.</param>
/// <param name="Prompt">The prompt after truncation.</param>
/// <param name="Size">The output size.</param>
/// <param name="Count">How many images.</param>
/// <param name="Seed">The seed of image 0; index i renders with the same seed and its own index.</param>
/// <param name="PromptExtend">Whether the service rewrites the prompt (old protocol: <c>actual_prompt</c> is shown).</param>
internal sealed record TaskWork(TaskProtocol Protocol, string Model, string Prompt, ImageSize Size, int Count, long Seed, bool PromptExtend)
{
    /// <summary>The edit's <see cref="Inputs.InputFingerprint"/>, rendered into its images; 0 for text-to-image.</summary>
    public ulong InputHash { get; init; }

    public static TaskWork From(SynthesisRequest request) => new(
        TaskProtocol.Old,
        request.Model.Name,
        request.Prompt,
        request.Parameters.Size,
        request.Parameters.Count,
        request.Parameters.Seed,
        request.Parameters.PromptExtend);

    public static TaskWork From(GenerationRequest request) => new(
        TaskProtocol.New, request.Model.Name, request.Prompt, request.Size, request.Count, request.Seed, request.PromptExtend)
    {
        InputHash = request.InputHash,
    };
}
