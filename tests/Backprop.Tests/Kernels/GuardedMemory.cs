using System.Runtime.InteropServices;

namespace Backprop.Tests.Kernels;

/// <summary>
/// A block of memory that ends exactly where a page no one may read begins: a kernel that reads past the block's end
/// crashes the test process instead of reading garbage silently. mmap/mprotect on Linux and macOS, VirtualAlloc and
/// VirtualProtect on Windows.
/// </summary>
internal sealed unsafe partial class GuardedMemory : IDisposable
{
    private readonly byte* _region;
    private readonly int _page = Environment.SystemPageSize;

    public GuardedMemory()
    {
        if (OperatingSystem.IsWindows())
        {
            _region = (byte*)VirtualAlloc(0, 2 * _page, MemCommit | MemReserve, PageReadWrite);
            Assert.True(_region != null, "VirtualAlloc failed");
            Assert.True(VirtualProtect((nint)(_region + _page), _page, PageNoAccess, out _), "VirtualProtect failed");
            return;
        }
        int anonymous = OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD() ? 0x1000 : 0x20;
        _region = (byte*)Mmap(0, 2 * _page, ProtRead | ProtWrite, MapPrivate | anonymous, -1, 0);
        Assert.True(_region != (byte*)-1, "mmap failed");
        Assert.Equal(0, Mprotect((nint)(_region + _page), _page, 0));
    }

    /// <summary>Room for <paramref name="count"/> floats (at most a page's worth), ending at the guard page.</summary>
    public float* FloatsEndingAtGuard(int count)
    {
        Assert.True(count * sizeof(float) <= _page, "the block must fit in one page");
        return (float*)(_region + _page) - count;
    }

    public void Dispose()
    {
        if (OperatingSystem.IsWindows()) VirtualFree((nint)_region, 0, MemRelease);
        else Munmap((nint)_region, 2 * _page);
    }

    private const int ProtRead = 1, ProtWrite = 2, MapPrivate = 2;
    private const uint MemCommit = 0x1000, MemReserve = 0x2000, MemRelease = 0x8000, PageReadWrite = 0x04, PageNoAccess = 0x01;

    [LibraryImport("libc", EntryPoint = "mmap")]
    private static partial nint Mmap(nint address, nint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "mprotect")]
    private static partial int Mprotect(nint address, nint length, int protection);

    [LibraryImport("libc", EntryPoint = "munmap")]
    private static partial int Munmap(nint address, nint length);

    [LibraryImport("kernel32.dll")]
    private static partial nint VirtualAlloc(nint address, nint size, uint allocationType, uint protect);

    [LibraryImport("kernel32.dll")]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool VirtualProtect(nint address, nint size, uint newProtect, out uint oldProtect);

    [LibraryImport("kernel32.dll")]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool VirtualFree(nint address, nint size, uint freeType);
}
