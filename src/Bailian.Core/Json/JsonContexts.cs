using System.Text.Json.Serialization;
using Bailian.Catalog;

namespace Bailian.Json;

/// <summary>
/// Source-generated serializers for the DashScope wire format (snake_case). Source generation keeps
/// the module free of reflection-based serialization, which is slow to start in PowerShell.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MultimodalRequest))]
[JsonSerializable(typeof(ImageSynthesisRequest))]
[JsonSerializable(typeof(TaskListResponse))]
[JsonSerializable(typeof(UploadPolicyResponse))]
[JsonSerializable(typeof(DashScopeResponse))]
internal sealed partial class DashScopeJsonContext : JsonSerializerContext;

/// <summary>Serializers for the embedded model catalog (camelCase, enums by name).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip)]
[JsonSerializable(typeof(CatalogDocument))]
internal sealed partial class CatalogJsonContext : JsonSerializerContext;
