using System;
using System.Linq;
using System.Text.Json.Nodes;

namespace Bailian.Tests.Emulator;

/// <summary>Input-image references and old-protocol image-to-image bodies (API doc §3.2, §6).</summary>
internal static class ImageInputs
{
    public const string ImageToImagePath = "/services/aigc/image2image/image-synthesis";
    public const string OssResolveHeader = "X-DashScope-OssResourceResolve";

    public static string DataUri(byte[] file, string mime = "image/png") => $"data:{mime};base64,{Convert.ToBase64String(file)}";

    /// <summary>A wan2.5-i2i-preview body: <c>input.prompt</c> and <c>input.images</c>.</summary>
    public static JsonObject ReferenceImages(JsonObject? parameters = null, params string[] images)
    {
        var body = new JsonObject
        {
            ["model"] = "wan2.5-i2i-preview",
            ["input"] = new JsonObject { ["prompt"] = "put the cat from image 1 on the sofa", ["images"] = new JsonArray([.. images.Select(i => (JsonNode)i)]) },
        };
        if (parameters is not null)
        {
            body["parameters"] = parameters;
        }

        return body;
    }

    /// <summary>A wanx2.1-imageedit body (API doc §3.2).</summary>
    public static JsonObject ImageEdit(string function, string baseImage, string? mask = null, JsonObject? parameters = null, string prompt = "a cartoon cat")
    {
        var input = new JsonObject { ["function"] = function, ["prompt"] = prompt, ["base_image_url"] = baseImage };
        if (mask is not null)
        {
            input["mask_image_url"] = mask;
        }

        var body = new JsonObject { ["model"] = "wanx2.1-imageedit", ["input"] = input };
        if (parameters is not null)
        {
            body["parameters"] = parameters;
        }

        return body;
    }
}
