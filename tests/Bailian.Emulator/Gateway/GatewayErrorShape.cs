namespace Bailian.Emulator.Gateway;

/// <summary>How the OpenAI-style gateway (<c>/gateway/v1</c>) writes its error bodies.</summary>
public enum GatewayErrorShape
{
    /// <summary><c>{"error":{"message","type","param","code"}}</c>, as OpenAI and most gateways answer (the default).</summary>
    OpenAI,

    /// <summary><c>{"request_id","code","message"}</c>, DashScope's envelope (API doc §7.1), as gateways that pass the service's errors through answer.</summary>
    DashScope,
}
