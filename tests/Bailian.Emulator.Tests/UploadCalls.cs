using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace Bailian.Tests.Emulator;

/// <summary>The temporary upload of API doc §6.1 against an <see cref="EmulatorSession"/>: getPolicy, then the form POST.</summary>
internal static class UploadCalls
{
    public static Task<HttpResponseMessage> GetPolicyAsync(this EmulatorSession emulator, string? model = "qwen-image-edit-plus", string region = "cn-beijing", string? action = "getPolicy")
    {
        var query = new List<string>();
        if (action is not null)
        {
            query.Add("action=" + action);
        }

        if (model is not null)
        {
            query.Add("model=" + Uri.EscapeDataString(model));
        }

        return emulator.GetAsync(new Uri(emulator.Server.ApiBase(region) + "/uploads?" + string.Join('&', query)), region);
    }

    /// <summary>getPolicy's <c>data</c>, failing the test on any other answer.</summary>
    public static async Task<JsonObject> PolicyAsync(this EmulatorSession emulator, string model = "qwen-image-edit-plus")
    {
        using var response = await emulator.GetPolicyAsync(model);
        var json = await EmulatorSession.ReadJsonAsync(response);
        Assert.True(response.IsSuccessStatusCode, json.ToJsonString());
        return json["data"]!.AsObject();
    }

    /// <summary>The form fields as the Python SDK sends them (API doc §6.1), file last; <paramref name="edit"/> may change them.</summary>
    public static List<KeyValuePair<string, string>> Fields(JsonObject policy, string fileName, string contentType = "image/png") =>
    [
        new("OSSAccessKeyId", policy["oss_access_key_id"]!.GetValue<string>()),
        new("Signature", policy["signature"]!.GetValue<string>()),
        new("policy", policy["policy"]!.GetValue<string>()),
        new("key", policy["upload_dir"]!.GetValue<string>() + "/" + fileName),
        new("x-oss-object-acl", policy["x_oss_object_acl"]!.GetValue<string>()),
        new("x-oss-forbid-overwrite", policy["x_oss_forbid_overwrite"]!.GetValue<string>()),
        new("success_action_status", "200"),
        new("x-oss-content-type", contentType),
    ];

    /// <summary>POSTs the form to <c>upload_host</c>: the fields in order, then the file, then any <paramref name="after"/> fields.</summary>
    public static async Task<HttpResponseMessage> UploadAsync(
        this EmulatorSession emulator, JsonObject policy, IEnumerable<KeyValuePair<string, string>> fields, string fileName, byte[] file,
        params KeyValuePair<string, string>[] after)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value, Encoding.UTF8), name);
        }

        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, "file", fileName);
        foreach (var (name, value) in after)
        {
            form.Add(new StringContent(value, Encoding.UTF8), name);
        }

        return await emulator.Http.PostAsync(new Uri(policy["upload_host"]!.GetValue<string>()), form);
    }

    /// <summary>Gets a policy for <paramref name="model"/>, uploads <paramref name="file"/> and returns its <c>oss://</c> URL.</summary>
    public static async Task<string> UploadOkAsync(this EmulatorSession emulator, byte[] file, string model = "qwen-image-edit-plus", string fileName = "cat.png")
    {
        var policy = await emulator.PolicyAsync(model);
        var fields = Fields(policy, fileName);
        using var response = await emulator.UploadAsync(policy, fields, fileName, file);
        Assert.Equal(200, (int)response.StatusCode);
        return "oss://" + fields.Single(f => f.Key == "key").Value;
    }

    /// <summary>Sends a JSON body to the sync endpoint with the oss resolve header.</summary>
    public static Task<HttpResponseMessage> GenerateResolvingAsync(this EmulatorSession emulator, JsonObject body, string region = "cn-beijing") =>
        emulator.GenerateAsync(body.ToJsonString(), region, configure: r => r.Headers.Add(ImageInputs.OssResolveHeader, "enable"));

    private static async Task<HttpResponseMessage> GetAsync(this EmulatorSession emulator, Uri uri, string region)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", EmulatorSession.Key(region));
        return await emulator.Http.SendAsync(request);
    }
}
