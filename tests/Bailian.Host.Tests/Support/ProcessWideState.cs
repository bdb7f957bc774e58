namespace Bailian.Host.Tests.Support;

/// <summary>
/// Tests that change process-wide state: the Connect-Bailian session (a static in Bailian.Core) or environment
/// variables. xunit runs this collection on its own, after the parallel ones, so no other test sees that state.
/// Every such test puts the state back in its Dispose.
/// </summary>
[CollectionDefinition(nameof(ProcessWideState), DisableParallelization = true)]
public sealed class ProcessWideState;
