namespace Bailian.Connection;

/// <summary>
/// The API family a connection speaks (Connect-Bailian -Protocol, every API cmdlet's -Protocol).
/// </summary>
public enum ConnectionProtocol
{
    /// <summary>DashScope's native API: regions, workspaces, the sync and task endpoints (API doc §2, §3).</summary>
    DashScope,

    /// <summary>
    /// An OpenAI-style gateway reselling the same models: POST {base}/images/generations and {base}/images/edits,
    /// answered at once, no tasks (issue 11 §2, seed 002). Its base is always -Endpoint; its key is its own.
    /// </summary>
    OpenAI,
}
