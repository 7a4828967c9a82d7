#!/usr/bin/env python3
"""Generates src/Backprop/Kernels/GemmMicroKernels.cs (fully unrolled GEMM register tiles, one per ISA),
GemmListedMicroKernels.cs (the same tiles over a list of rows, for zero-skipping) and GemmEpilogueMicroKernels.cs and
GemmListedEpilogueMicroKernels.cs (both kinds with the bias and relu epilogue applied to the registers, for a product's
last K block).
Rerun after editing:  python3 tools/gen_gemm_microkernels.py
"""
import os

def kernel(name, mr, nr, width, vec, load, fma, summary, unroll=1, indexed=False, prefetch=0, epilogue=False):
    nv = nr // width
    cls = vec.split('<')[0]
    # The epilogue variant (the product's last K block): each stored vector is the plain kernel's value, then + bias
    # (when given), then Max(·, 0) (with relu), the arithmetic of ActivationKernels.BiasReluRows done on the registers
    # instead of in a second pass over the stored tile (measured: that pass was 12% of an evaluation of keras-io's
    # convnet, whose first convolution has k = 9).
    extra = ", float* bias, bool relu" if epilogue else ""
    if epilogue:
        name += "Epilogue"
        summary += " Then C ← relu(C + bias), bias (one per column) and relu each optional."
    if indexed:
        # The same arithmetic over a listed subset of the panels' rows, in the listed (ascending) order: each
        # accumulator sees the same fused multiply-adds as in the dense tile, minus those whose A factors are all
        # zero, so the sum is the dense tile's bit for bit when B is finite (0 times Inf or NaN is the exception).
        L = [f"    /// <summary>{mr}×{nr} tile over the listed rows: C[r, c] = alpha · Σ_j a[ks[j]·{mr} + r] · b[ks[j]·{nr} + c] + beta · C[r, c], j &lt; count, the listed rows ascending. {summary}</summary>",
             "    [MethodImpl(MethodImplOptions.AggressiveOptimization)]",
             f"    public static void {name}(int count, int* ks, float* a, float* b, float* c, int ldc, float alpha, float beta{extra})",
             "    {"]
    else:
        L = [f"    /// <summary>{mr}×{nr} tile: C[r, c] = alpha · Σ_k a[k·{mr} + r] · b[k·{nr} + c] + beta · C[r, c] (C is not read when beta is 0). {summary}</summary>",
             "    [MethodImpl(MethodImplOptions.AggressiveOptimization)]",
             f"    public static void {name}(int kc, float* a, float* b, float* c, int ldc, float alpha, float beta{extra})",
             "    {"]
    for r in range(mr):
        L.append("        " + " ".join(f"{vec} c{r}_{v} = default;" for v in range(nv)))
    def step(u):
        body = []
        if indexed:
            body.append(f"            nint k{u} = ks[j + {u}];")
            if prefetch:
                body.append(f"            Sse.Prefetch0(b + (nint)ks[j + {u} + {prefetch}] * {nr});")
                if nr * 4 > 64: body.append(f"            Sse.Prefetch0(b + (nint)ks[j + {u} + {prefetch}] * {nr} + 16);")
            for v in range(nv):
                body.append(f"            {vec} b{v} = {load}(b + k{u} * {nr} + {v * width});")
            for r in range(mr):
                body.append(f"            {vec} a{r} = {cls}.Create(a[k{u} * {mr} + {r}]);")
                for v in range(nv):
                    body.append(f"            c{r}_{v} = {fma.format(a=f'a{r}', b=f'b{v}', c=f'c{r}_{v}')};")
            return body
        for v in range(nv):
            body.append(f"            {vec} b{v} = {load}(b + {u * nr + v * width});")
        for r in range(mr):
            body.append(f"            {vec} a{r} = {cls}.Create(a[{u * mr + r}]);")
            for v in range(nv):
                body.append(f"            c{r}_{v} = {fma.format(a=f'a{r}', b=f'b{v}', c=f'c{r}_{v}')};")
        return body
    if indexed:
        L += ["        int j = 0;"]
        if unroll > 1:
            L += [f"        for (; j + {unroll} <= count; j += {unroll})", "        {"]
            for u in range(unroll):
                L += ["            {"] + ["    " + x for x in step(u)] + ["            }"]
            L += ["        }"]
        L += ["        for (; j < count; j++)", "        {"]
        L += step(0)
        L += ["        }", f"        {vec} va = {cls}.Create(alpha);"]
    elif unroll > 1:
        # Unrolled: the loop's own instructions (pointer bumps, compare, branch) are a tenth of the
        # front end's four uops a cycle in the one-step loop, which leaves the FMA ports idle that often.
        L += ["        int k = 0;", f"        for (; k + {unroll} <= kc; k += {unroll})", "        {"]
        for u in range(unroll):
            L += ["            {"] + ["    " + x for x in step(u)] + ["            }"]
        L += [f"            a += {unroll * mr};", f"            b += {unroll * nr};", "        }", "        for (; k < kc; k++)", "        {"]
    else:
        L += ["        for (int k = 0; k < kc; k++)", "        {"]
    if not indexed:
        L += step(0)
        L += [f"            a += {mr};", f"            b += {nr};", "        }", f"        {vec} va = {cls}.Create(alpha);"]
    # The first K block of a product writes C (beta 0: no pass to clear it, and NaN in C is overwritten);
    # the later ones accumulate (beta 1); any other beta scales C first, as BLAS does.
    def store(indent, value, p, v):
        if not epilogue:
            return f"{indent}{cls}.Store({value}, {p});"
        return f"{indent}{cls}.Store(Finish({value}, bias{v}, relu), {p});"
    if epilogue:
        # Without a bias the added vector is −0, which leaves every value as it is (x + −0 = x, −0 + −0 = −0).
        for v in range(nv):
            L.append(f"        {vec} bias{v} = bias == null ? {cls}.Create(-0f) : {load}(bias + {v * width});")
    L += ["        if (beta == 0f)", "        {"]
    for r in range(mr):
        for v in range(nv):
            p = f"c + {r} * ldc + {v * width}"
            L.append(store("            ", f"c{r}_{v} * va", p, v))
    L += ["            return;", "        }", f"        {vec} vb = {cls}.Create(beta);", "        if (beta == 1f)", "        {"]
    for r in range(mr):
        for v in range(nv):
            p = f"c + {r} * ldc + {v * width}"
            L.append(store("            ", fma.format(a=f'c{r}_{v}', b='va', c=f'{load}({p})'), p, v))
    L += ["            return;", "        }"]
    for r in range(mr):
        for v in range(nv):
            p = f"c + {r} * ldc + {v * width}"
            L.append(store("        ", fma.format(a=f'c{r}_{v}', b='va', c=f'{load}({p}) * vb'), p, v))
    L.append("    }")
    return "\n".join(L)

HEADER = """using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop.Kernels;

// Generated by tools/gen_gemm_microkernels.py; edit the script, not this file.
// Each kernel is its own call-free method: on the x64 SysV ABI no vector register survives a call,
// so any call inside the loop would force the accumulators to memory (15-38 instead of 150 GFLOP/s).

/// <summary>GEMM micro-kernels: a register tile of C updated from packed panels of A and B.</summary>
internal static unsafe partial class GemmMicroKernels
{
"""

kernels = [
    kernel("Avx512Tile12x32", 12, 32, 16, "Vector512<float>", "Vector512.Load", "Avx512F.FusedMultiplyAdd({a}, {b}, {c})",
           "AVX-512F: 24 accumulators, 2 B vectors and 1 broadcast in 32 zmm registers.", unroll=4),
    kernel("Avx2Tile6x16", 6, 16, 8, "Vector256<float>", "Vector256.Load", "Fma.MultiplyAdd({a}, {b}, {c})",
           "AVX2+FMA: 12 accumulators in 16 ymm registers.", unroll=4),
    kernel("PortableTile4x8", 4, 8, 4, "Vector128<float>", "Vector128.Load", "Vector128.MultiplyAddEstimate({a}, {b}, {c})",
           "Portable Vector128 (SSE, Arm64 NEON): fused where the hardware fuses."),
]
finishing = [
    kernel("Avx512Tile12x32", 12, 32, 16, "Vector512<float>", "Vector512.Load", "Avx512F.FusedMultiplyAdd({a}, {b}, {c})",
           "AVX-512F.", unroll=4, epilogue=True),
    kernel("Avx2Tile6x16", 6, 16, 8, "Vector256<float>", "Vector256.Load", "Fma.MultiplyAdd({a}, {b}, {c})",
           "AVX2+FMA.", unroll=4, epilogue=True),
    kernel("PortableTile4x8", 4, 8, 4, "Vector128<float>", "Vector128.Load", "Vector128.MultiplyAddEstimate({a}, {b}, {c})",
           "Portable Vector128.", epilogue=True),
]
listed = [
    kernel("Avx512IndexedTile12x32", 12, 32, 16, "Vector512<float>", "Vector512.Load", "Avx512F.FusedMultiplyAdd({a}, {b}, {c})",
           "AVX-512F.", unroll=4, indexed=True, prefetch=4),
    kernel("Avx2IndexedTile6x16", 6, 16, 8, "Vector256<float>", "Vector256.Load", "Fma.MultiplyAdd({a}, {b}, {c})",
           "AVX2+FMA.", unroll=4, indexed=True),
    kernel("PortableIndexedTile4x8", 4, 8, 4, "Vector128<float>", "Vector128.Load", "Vector128.MultiplyAddEstimate({a}, {b}, {c})",
           "Portable Vector128.", unroll=1, indexed=True),
]
finishing_listed = [
    kernel("Avx512IndexedTile12x32", 12, 32, 16, "Vector512<float>", "Vector512.Load", "Avx512F.FusedMultiplyAdd({a}, {b}, {c})",
           "AVX-512F.", unroll=4, indexed=True, prefetch=4, epilogue=True),
    kernel("Avx2IndexedTile6x16", 6, 16, 8, "Vector256<float>", "Vector256.Load", "Fma.MultiplyAdd({a}, {b}, {c})",
           "AVX2+FMA.", unroll=4, indexed=True, epilogue=True),
    kernel("PortableIndexedTile4x8", 4, 8, 4, "Vector128<float>", "Vector128.Load", "Vector128.MultiplyAddEstimate({a}, {b}, {c})",
           "Portable Vector128.", unroll=1, indexed=True, epilogue=True),

]
LISTED_HEADER = HEADER.split("/// <summary>")[0] + "// The listed-rows tiles (see PanelRows): the dense tiles' arithmetic over the K rows a panel lists.\ninternal static unsafe partial class GemmMicroKernels\n{\n"
folder = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "Backprop", "Kernels")
def finish(vec):
    cls = vec.split('<')[0]
    return "\n".join([f"    /// <summary>relu(value + bias) or value + bias, as <see cref=\"ActivationKernels.BiasReluRows\"/> computes it.</summary>",
        "    [MethodImpl(MethodImplOptions.AggressiveInlining)]",
        f"    private static {vec} Finish({vec} value, {vec} bias, bool relu)",
        "    {", "        value += bias;", f"        return relu ? {cls}.Max(value, {vec}.Zero) : value;", "    }"])
helpers = [finish(v) for v in ("Vector512<float>", "Vector256<float>", "Vector128<float>")]
with open(os.path.join(folder, "GemmMicroKernels.cs"), "w") as f:
    f.write(HEADER + "\n\n".join(kernels) + "\n}\n")
FINISHING_HEADER = HEADER.split("/// <summary>")[0] + "// The tiles of a product's last K block: the same arithmetic, then the epilogue C ← relu(C + bias) on the registers.\ninternal static unsafe partial class GemmMicroKernels\n{\n"
with open(os.path.join(folder, "GemmEpilogueMicroKernels.cs"), "w") as f:
    f.write(FINISHING_HEADER + "\n\n".join(finishing + helpers) + "\n}\n")
with open(os.path.join(folder, "GemmListedEpilogueMicroKernels.cs"), "w") as f:
    f.write(FINISHING_HEADER.replace("The tiles of", "The listed-rows tiles of") + "\n\n".join(finishing_listed) + "\n}\n")
with open(os.path.join(folder, "GemmListedMicroKernels.cs"), "w") as f:
    f.write(LISTED_HEADER + "\n\n".join(listed) + "\n}\n")
