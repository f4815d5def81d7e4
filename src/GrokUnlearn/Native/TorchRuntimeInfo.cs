namespace GrokUnlearn.Native;

/// <summary>How the native runtime was loaded: the original library, the weak-version copy (if one was needed), and the versions made weak.</summary>
public sealed record TorchRuntimeInfo(string? OriginalLibrary, string? PatchedLibrary, IReadOnlyList<string> WeakenedVersions);
