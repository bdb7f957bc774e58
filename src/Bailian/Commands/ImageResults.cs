using System.Globalization;
using System.Management.Automation;
using Bailian.Input;

namespace Bailian.Commands;

/// <summary>Reads an ImageResult back from whatever reached Save-BailianImage.</summary>
internal static class ImageResults
{
    public static ImageResult From(PSObject? input, string url)
    {
        if (input?.BaseObject is ImageResult result)
        {
            return result;
        }

        // Another object with a Url (a re-imported CSV, a custom object): take what it has.
        var fields = new ImageFields(name => input is null || input.BaseObject is string ? null : input.Properties[name]?.Value);
        return fields.ToImageResult(url);
    }
}
