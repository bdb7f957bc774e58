namespace Bailian.Emulator.Editing;

/// <summary>One <c>input.function</c> of wanx2.1-imageedit (API doc §3.2) and the function parameters it takes.</summary>
/// <param name="Name">The function as documented.</param>
/// <param name="Parameters">Which of <see cref="EditFunctions.AllParameters"/> it takes; the others are refused for it.</param>
/// <param name="NeedsMask">Whether <c>input.mask_image_url</c> is required; every other function refuses a mask.</param>
internal sealed record EditFunction(string Name, IReadOnlyList<string> Parameters, bool NeedsMask = false);
