using Bailian.Emulator.Generation;

namespace Bailian.Emulator.Results;

/// <summary>What determines an image's bytes: the same spec always renders the same PNG.</summary>
/// <param name="Prompt">The prompt after truncation.</param>
/// <param name="Seed">The request's seed.</param>
/// <param name="Index">Which of the request's images.</param>
/// <param name="Size">The output size.</param>
/// <param name="Inputs">The edit's <see cref="Inputs.InputFingerprint"/>; 0 for text-to-image.</param>
internal readonly record struct ImageSpec(string Prompt, long Seed, int Index, ImageSize Size, ulong Inputs = 0);
