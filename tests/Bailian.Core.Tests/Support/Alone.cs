namespace Bailian.Tests.Support;

/// <summary>Tests that measure time or memory run after the others, on their own.</summary>
[CollectionDefinition(nameof(Alone), DisableParallelization = true)]
public sealed class Alone;
