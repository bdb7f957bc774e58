using Bailian.Emulator.Generation;

namespace Bailian.Emulator.Results;

/// <summary>What determines an image's bytes: the same spec always renders the same PNG.</summary>
internal readonly record struct ImageSpec(string Prompt, long Seed, int Index, ImageSize Size);
