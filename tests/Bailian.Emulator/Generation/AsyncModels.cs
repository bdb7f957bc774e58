using Bailian.Emulator.Api;
using Bailian.Emulator.Editing;

namespace Bailian.Emulator.Generation;

/// <summary>The model lookups of the three async create endpoints (API doc §3.1, §3.2, §3.3).</summary>
internal static class AsyncModels
{
    /// <summary><c>text2image/image-synthesis</c>: the old-protocol table.</summary>
    public static ModelRule? ResolveSynthesis(string name, string regionId, out ApiError? error) =>
        Resolve(SynthesisModelRules.Find(name, regionId), name, regionId, out error);

    /// <summary><c>image-generation/generation</c>: the sync table's rows that are served async too.</summary>
    public static ModelRule? ResolveGeneration(string name, string regionId, out ApiError? error) =>
        Resolve(ModelRules.Find(name, regionId) is { ServesAsync: true } rule ? rule : null, name, regionId, out error);

    /// <summary><c>image2image/image-synthesis</c>: wan2.5-i2i-preview and wanx2.1-imageedit.</summary>
    public static ModelRule? ResolveImageToImage(string name, string regionId, out ApiError? error) =>
        Resolve(ImageToImageModelRules.Find(name, regionId), name, regionId, out error);

    private static ModelRule? Resolve(ModelRule? rule, string name, string regionId, out ApiError? error)
    {
        error = null;
        if (rule is not null)
        {
            return rule;
        }

        // A model served here only synchronously (qwen-image-max, qwen-image-2.0) is refused as such, which tells
        // the caller what to do; any other name does not exist for this endpoint.
        var syncOnly = ModelRules.Find(name, regionId) is { ServesAsync: false } && !SynthesisModelRules.Contains(name);
        error = syncOnly ? ApiError.NoAsyncCalls(name) : ApiError.ModelNotFound;
        return null;
    }
}
