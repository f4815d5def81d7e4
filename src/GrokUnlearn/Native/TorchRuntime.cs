using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using TorchSharp;

namespace GrokUnlearn.Native;

/// <summary>
/// Loads TorchSharp's native library before the first torch call.
/// TorchSharp 0.107.0's libLibTorchSharp.so needs GLIBCXX_3.4.32, which GCC 12's libstdc++ (Debian 12,
/// Ubuntu 22.04) lacks. The only symbol of that version (std::ios_base_library_init) is referenced but never
/// called, so a copy whose version-need entries for the missing versions are marked weak loads and runs.
/// The copy lives in a per-user cache (never in the NuGet cache or bin/, which `dotnet build` overwrites).
/// </summary>
public static class TorchRuntime
{
    public const string NativeCacheVariable = "GROKUNLEARN_NATIVE_CACHE";
    private const string LibTorchSharp = "libLibTorchSharp.so";
    private static readonly Lock Gate = new();
    private static TorchRuntimeInfo? _loaded;

    /// <summary>Idempotent; returns how the runtime was loaded.</summary>
    public static TorchRuntimeInfo EnsureLoaded(Action<string>? log = null)
    {
        lock (Gate)
        {
            if (_loaded is not null) return _loaded;
            _loaded = Load(log ?? (_ => { }));
            return _loaded;
        }
    }

    private static TorchRuntimeInfo Load(Action<string> log)
    {
        NativeHeap.Configure();
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
            return Initialise(new TorchRuntimeInfo(null, null, []));

        var nativeDir = FindNativeDirectory()
            ?? throw new TorchRuntimeException(
                $"{LibTorchSharp} was not found next to the application ({AppContext.BaseDirectory}). " +
                "Build the solution (./build.sh --target=Build) so the TorchSharp and libtorch-cpu packages are restored.");
        var original = Path.Combine(nativeDir, LibTorchSharp);
        var missing = MissingLibstdcxxVersions(original);
        if (missing.Count == 0)
            return Initialise(new TorchRuntimeInfo(original, null, []));

        var patched = EnsurePatchedCopy(original, missing, log);
        // The copy lives elsewhere, so its $ORIGIN runpath cannot find libtorch; load the dependencies from the
        // package folder first: the dynamic linker then satisfies the copy's DT_NEEDED entries by soname.
        foreach (var dep in new[] { "libc10.so", "libtorch_cpu.so", "libtorch.so" })
        {
            var depPath = Path.Combine(nativeDir, dep);
            if (File.Exists(depPath)) LoadOrThrow(depPath);
        }
        var handle = LoadOrThrow(patched);
        // TorchSharp's P/Invokes and ours (TensorData) both resolve to the patched copy.
        foreach (var assembly in new[] { typeof(torch).Assembly, typeof(TorchRuntime).Assembly })
            NativeLibrary.SetDllImportResolver(assembly, (name, _, _) =>
                name is "LibTorchSharp" or "libLibTorchSharp" or LibTorchSharp ? handle : IntPtr.Zero);
        return Initialise(new TorchRuntimeInfo(original, patched, missing.Select(m => m.Version).ToArray()));
    }

    private static TorchRuntimeInfo Initialise(TorchRuntimeInfo info)
    {
        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
        }
        catch (Exception ex) when (ex is TypeInitializationException or DllNotFoundException or NotSupportedException or EntryPointNotFoundException)
        {
            throw new TorchRuntimeException(
                "TorchSharp's native runtime failed to initialise" +
                (info.PatchedLibrary is null ? "" : $" (using the weak-version copy {info.PatchedLibrary})") +
                $": {ex.GetBaseException().Message}", ex);
        }
        return info;
    }

    /// <summary>The libstdc++ versions the library needs that this machine's libstdc++ does not define.</summary>
    public static IReadOnlyList<ElfVersionNeed> MissingLibstdcxxVersions(string library)
    {
        var needs = ElfFile.Read(library).VersionNeeds()
            .Where(n => n.Library == "libstdc++.so.6" && !n.IsWeak).ToList();
        if (needs.Count == 0) return [];
        var provided = ElfFile.Read(SystemLibstdcxxPath()).VersionDefinitions();
        return needs.Where(n => !provided.Contains(n.Version)).ToList();
    }

    /// <summary>Path of the libstdc++.so.6 the dynamic linker resolves for this process.</summary>
    public static string SystemLibstdcxxPath()
    {
        if (!NativeLibrary.TryLoad("libstdc++.so.6", out _))
            throw new TorchRuntimeException("libstdc++.so.6 could not be loaded; install your distribution's libstdc++6 package.");
        var path = File.ReadLines("/proc/self/maps")
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length >= 6 && Path.GetFileName(f[5]).StartsWith("libstdc++.so.6", StringComparison.Ordinal))
            .Select(f => f[5]).FirstOrDefault();
        return path ?? throw new TorchRuntimeException("libstdc++.so.6 was loaded but its path is not in /proc/self/maps.");
    }

    /// <summary>Patches a copy of <paramref name="original"/> into the cache (once per original content hash).</summary>
    public static string EnsurePatchedCopy(string original, IReadOnlyList<ElfVersionNeed> missing, Action<string> log, string? cacheRoot = null)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(original)))[..16];
        var dir = Path.Combine(cacheRoot ?? NativeCacheRoot(), hash);
        var target = Path.Combine(dir, LibTorchSharp);
        if (File.Exists(target)) return target;

        Directory.CreateDirectory(dir);
        var elf = ElfFile.Read(original);
        var symbols = missing.SelectMany(m => elf.SymbolsWithVersionIndex(m.Index)).Distinct().ToArray();
        log($"{LibTorchSharp} needs {string.Join(", ", missing.Select(m => m.Version))} which this libstdc++ lacks " +
            $"(symbols: {string.Join(", ", symbols)}); writing a copy with those version needs marked weak to {target}");
        var tmp = target + $".{Environment.ProcessId}.tmp";
        elf.WriteWithWeakVersions(tmp, missing);
        File.Move(tmp, target, overwrite: true);
        return target;
    }

    public static string NativeCacheRoot()
    {
        var overridden = Environment.GetEnvironmentVariable(NativeCacheVariable);
        if (!string.IsNullOrWhiteSpace(overridden)) return overridden;
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = !string.IsNullOrWhiteSpace(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "grokunlearn", "native");
    }

    /// <summary>The folder holding libLibTorchSharp.so for this application (RID-specific or flat layout).</summary>
    public static string? FindNativeDirectory()
    {
        var baseDirs = new[] { AppContext.BaseDirectory, Path.GetDirectoryName(typeof(torch).Assembly.Location) ?? "" };
        foreach (var baseDir in baseDirs.Where(d => d.Length > 0))
        {
            foreach (var candidate in new[] { Path.Combine(baseDir, "runtimes", "linux-x64", "native"), baseDir })
                if (File.Exists(Path.Combine(candidate, LibTorchSharp))) return candidate;
        }
        return null;
    }

    private static IntPtr LoadOrThrow(string path)
    {
        try
        {
            return NativeLibrary.Load(path);
        }
        catch (DllNotFoundException ex)
        {
            throw new TorchRuntimeException($"Could not load {path}: {ex.Message}", ex);
        }
    }

    /// <summary>For provenance: the TorchSharp assembly version.</summary>
    public static string TorchSharpVersion =>
        typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(torch).Assembly.GetName().Version?.ToString() ?? "unknown";
}
