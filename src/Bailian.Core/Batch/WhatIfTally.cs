namespace Bailian.Batch;

/// <summary>
/// What a -WhatIf run found, row by row: how many would be billed (and for how many images), and how many an
/// earlier run left saved, generated, submitted or maybe billed. Its summary is the line -WhatIf ends with.
/// </summary>
public sealed class WhatIfTally
{
    private readonly Dictionary<ResumeAction, long> _rows = [];
    private long _images;

    public bool IsEmpty => _rows.Count == 0;

    /// <summary>Counts a row; <paramref name="images"/> are the ones it would bill.</summary>
    public void Add(ResumeAction action, int images = 0)
    {
        _rows[action] = Rows(action) + 1;
        _images += action == ResumeAction.Send ? images : 0;
    }

    public long Rows(ResumeAction action) => _rows.TryGetValue(action, out var count) ? count : 0;

    /// <summary>"What if: 12 row(s) would be billed (12 image(s)); 188 row(s) are already saved in …", plus what else applies.</summary>
    public string Summary(string? folder)
    {
        var parts = new List<string>
        {
            $"What if: {Rows(ResumeAction.Send)} row(s) would be billed ({_images} image(s)); {Rows(ResumeAction.Saved)} row(s) are already saved" +
            (folder is null ? "" : " in " + folder),
        };
        if (Rows(ResumeAction.Generated) > 0)
        {
            parts.Add($"{Rows(ResumeAction.Generated)} row(s) were generated earlier and would be passed on to download, not billed again");
        }

        if (Rows(ResumeAction.Submitted) > 0)
        {
            parts.Add($"{Rows(ResumeAction.Submitted)} submitted task(s) would be collected");
        }

        if (Rows(ResumeAction.MaybeBilled) > 0)
        {
            parts.Add($"{Rows(ResumeAction.MaybeBilled)} row(s) may have been billed already and would not be sent without -ResendOutcomeUnknown");
        }

        return string.Join("; ", parts) + ".";
    }
}
