using System.Globalization;
using System.Text.Json.Nodes;
using Bailian.Emulator.Api;
using Bailian.Emulator.Generation;
using Bailian.Emulator.Inputs;

namespace Bailian.Emulator.Editing;

/// <summary>
/// wanx2.1-imageedit's function parameters (API doc §3.2), defaults applied: <c>strength</c> (the stylizations and
/// description edits), the four <c>*_scale</c> (expand), <c>upscale_factor</c> (super_resolution) and <c>is_sketch</c>
/// (doodle). Each is refused for a function it does not belong to.
/// </summary>
internal sealed record EditFunctionParameters(
    double Strength, double TopScale, double BottomScale, double LeftScale, double RightScale, int UpscaleFactor, bool IsSketch)
{
    /// <summary>The longest output side: expand and super_resolution results are scaled down to it, keeping their shape.</summary>
    public const int MaxOutputSide = 8192;

    private static readonly EditFunctionParameters Defaults = new(0.5, 1.0, 1.0, 1.0, 1.0, 1, false);

    /// <summary>Checks the function parameters of <paramref name="node"/>, an object or null (the caller checked which).</summary>
    public static ApiError? Read(JsonNode? node, EditFunction function, out EditFunctionParameters? parameters)
    {
        parameters = null;
        var result = Defaults;
        var values = node as JsonObject;
        foreach (var name in EditFunctions.AllParameters)
        {
            if (values?[name] is not { } value)
            {
                continue;
            }

            if (!function.Parameters.Contains(name))
            {
                return ApiError.InvalidParameter($"The parameter {name} is not supported by the function {function.Name}.");
            }

            switch (name)
            {
                case EditFunctions.Strength when JsonFields.TryGetNumber(value, out var strength) && strength is >= 0 and <= 1:
                    result = result with { Strength = strength };
                    break;
                case EditFunctions.Strength:
                    return ApiError.InvalidParameter("The parameter strength must be a number between 0.0 and 1.0.");
                case EditFunctions.UpscaleFactor when JsonFields.TryGetInteger(value, out var factor) && factor is >= 1 and <= 4:
                    result = result with { UpscaleFactor = (int)factor };
                    break;
                case EditFunctions.UpscaleFactor:
                    return ApiError.InvalidParameter("The parameter upscale_factor must be an integer between 1 and 4.");
                case EditFunctions.IsSketch when JsonFields.IsBoolean(value):
                    result = result with { IsSketch = value.GetValue<bool>() };
                    break;
                case EditFunctions.IsSketch:
                    return ApiError.InvalidParameter("The parameter is_sketch must be a boolean.");
                default:
                    if (!JsonFields.TryGetNumber(value, out var scale) || scale is < 1 or > 2)
                    {
                        return ApiError.InvalidParameter($"The parameter {name} must be a number between 1.0 and 2.0.");
                    }

                    result = WithScale(result, name, scale);
                    break;
            }
        }

        parameters = result;
        return null;
    }

    /// <summary>
    /// The output size: the base image's, except for expand (each axis times its two scales minus one, API doc §3.2)
    /// and super_resolution (times the factor), both capped at <see cref="MaxOutputSide"/>.
    /// </summary>
    public ImageSize OutputSize(EditFunction function, ImageHeader baseImage)
    {
        var (width, height) = function.Name switch
        {
            "expand" => (baseImage.Width * (LeftScale + RightScale - 1), baseImage.Height * (TopScale + BottomScale - 1)),
            "super_resolution" => ((double)baseImage.Width * UpscaleFactor, (double)baseImage.Height * UpscaleFactor),
            _ => (baseImage.Width, baseImage.Height),
        };
        var shrink = Math.Min(1.0, MaxOutputSide / Math.Max(width, height));
        return new ImageSize(Side(width * shrink), Side(height * shrink));
    }

    /// <summary>The function and its own parameters as text, mixed into the results so that other settings render differently.</summary>
    public string Describe(EditFunction function) =>
        function.Name + string.Concat(function.Parameters.Select(p => string.Create(CultureInfo.InvariantCulture, $"\n{p}={Value(p)}")));

    private static EditFunctionParameters WithScale(EditFunctionParameters p, string name, double scale) => name switch
    {
        EditFunctions.TopScale => p with { TopScale = scale },
        EditFunctions.BottomScale => p with { BottomScale = scale },
        EditFunctions.LeftScale => p with { LeftScale = scale },
        _ => p with { RightScale = scale },
    };

    private object Value(string name) => name switch
    {
        EditFunctions.Strength => Strength,
        EditFunctions.TopScale => TopScale,
        EditFunctions.BottomScale => BottomScale,
        EditFunctions.LeftScale => LeftScale,
        EditFunctions.RightScale => RightScale,
        EditFunctions.UpscaleFactor => UpscaleFactor,
        _ => IsSketch,
    };

    private static int Side(double value) => Math.Max(1, (int)Math.Round(value, MidpointRounding.AwayFromZero));
}
