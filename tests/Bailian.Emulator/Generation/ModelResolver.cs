using Bailian.Emulator.Api;

namespace Bailian.Emulator.Generation;

/// <summary>
/// How one endpoint looks a model up: the rule it applies, or the error the service answers for that name in that
/// region. Endpoints differ: the sync one knows models the async ones refuse, and the other way round.
/// </summary>
internal delegate ModelRule? ModelResolver(string name, string regionId, out ApiError? error);
