// Per-call cost of the generated C# bindings (Reference.cs) against hand-written minimal
// [DllImport]s of the same symbols, on one runtime in one process. Built and run by
// `cargo xtask bench csharp`, which turns the RESULT lines into benchmarks/csharp.md.
//
// Method: every case is a loop of m calls in its own method (the same loop on both sides, so
// its cost cancels in the ratio). After a warm-up, m is calibrated so one chunk takes about
// targetMs / Pairs. A round runs `Pairs` generated chunks and `Pairs` hand-written chunks
// interleaved (alternating which goes first), so both sides see the same machine state even
// when other processes come and go; each round gives one ns/call per side and one ratio.
// Reported: the median ns/call of each side, the median and the 25th-75th percentile of the
// per-round ratios, and each side's fastest round (the least disturbed by other processes).
//
// The pattern cases (slices of 1, 1 000 and 1 000 000 f32, string in, string out, a service
// method, the error path) need the reference built with `--features patterns`.
//
// Usage: mono Bench.exe [rounds] [targetMs] [case name prefix]

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Reference;

/// What someone would write by hand for the same four symbols, without the generator.
internal static class Hand
{
    [StructLayout(LayoutKind.Sequential)]
    public struct V3
    {
        public float X;
        public float Y;
        public float Z;
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate uint Callback(uint value);

    [DllImport("reference", CallingConvention = CallingConvention.Cdecl)]
    public static extern void bench_noop();

    [DllImport("reference", CallingConvention = CallingConvention.Cdecl)]
    public static extern int bench_add(int a, int b);

    [DllImport("reference", CallingConvention = CallingConvention.Cdecl)]
    public static extern V3 bench_vec3(V3 v);

    // The usual idiom: the delegate itself as the parameter (the caller keeps it alive).
    [DllImport("reference", CallingConvention = CallingConvention.Cdecl)]
    public static extern uint bench_callback(Callback callback, uint value);

    // The leaner variant: a function pointer obtained once.
    [DllImport("reference", CallingConvention = CallingConvention.Cdecl, EntryPoint = "bench_callback")]
    public static extern uint bench_callback_ptr(IntPtr callback, uint value);

    // The patterns (reference built with `--features patterns`), written the minimal way:
    // pointer + length structs, a pinned array or UTF-8 bytes, error codes checked by hand.
    [StructLayout(LayoutKind.Sequential)]
    public struct PtrLen
    {
        public IntPtr Ptr;
        public UIntPtr Len;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct ResultF32
    {
        public float Value;
        public int Error;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct ResultU32
    {
        public uint Value;
        public int Error;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct OwnedStr
    {
        public IntPtr Ptr;
        public UIntPtr Len;
        public UIntPtr Capacity;
    }

    [DllImport("reference", CallingConvention = CallingConvention.Cdecl)]
    public static extern ResultF32 pattern_sum_f32(PtrLen values);

    [DllImport("reference", CallingConvention = CallingConvention.Cdecl)]
    public static extern ResultU32 pattern_count_chars(PtrLen text);

    [DllImport("reference", CallingConvention = CallingConvention.Cdecl)]
    public static extern OwnedStr pattern_greet(PtrLen name);

    [DllImport("reference", CallingConvention = CallingConvention.Cdecl)]
    public static extern void reference_free_OwnedString(OwnedStr value);

    [DllImport("reference", CallingConvention = CallingConvention.Cdecl)]
    public static extern int pattern_check_even(uint value);

    [DllImport("reference", CallingConvention = CallingConvention.Cdecl)]
    public static extern int engine_new(out IntPtr engine, PtrLen name, uint capacity);

    [DllImport("reference", CallingConvention = CallingConvention.Cdecl)]
    public static extern float engine_sum(IntPtr engine);

    [DllImport("reference", CallingConvention = CallingConvention.Cdecl)]
    public static extern void engine_destroy(IntPtr engine);

    public static unsafe float SumF32(float[] values)
    {
        fixed (float* p = values)
        {
            ResultF32 r = pattern_sum_f32(new PtrLen { Ptr = (IntPtr)p, Len = (UIntPtr)(uint)values.Length });
            if (r.Error != 0) throw new InvalidOperationException("pattern_sum_f32: " + r.Error);
            return r.Value;
        }
    }

    public static unsafe uint CountChars(string text)
    {
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(text);
        fixed (byte* p = bytes)
        {
            ResultU32 r = pattern_count_chars(new PtrLen { Ptr = (IntPtr)p, Len = (UIntPtr)(uint)bytes.Length });
            if (r.Error != 0) throw new InvalidOperationException("pattern_count_chars: " + r.Error);
            return r.Value;
        }
    }

    public static unsafe string Greet(string name)
    {
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(name);
        OwnedStr s;
        fixed (byte* p = bytes)
        {
            s = pattern_greet(new PtrLen { Ptr = (IntPtr)p, Len = (UIntPtr)(uint)bytes.Length });
        }
        try { return System.Text.Encoding.UTF8.GetString((byte*)s.Ptr, (int)s.Len); }
        finally { reference_free_OwnedString(s); }
    }

    public static unsafe IntPtr NewEngine(string name, uint capacity)
    {
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(name);
        fixed (byte* p = bytes)
        {
            int e = engine_new(out IntPtr engine, new PtrLen { Ptr = (IntPtr)p, Len = (UIntPtr)(uint)bytes.Length }, capacity);
            if (e != 0) throw new InvalidOperationException("engine_new: " + e);
            return engine;
        }
    }
}

internal static class Program
{
    private delegate long Loop(int n);

    private sealed class Case
    {
        public readonly string Name;
        public readonly Loop Generated;
        public readonly Loop HandWritten;
        /// Calls per side in one pass of the global warm-up (fewer for the slow cases).
        public readonly int Warm;

        public Case(string name, Loop generated, Loop handWritten, int warm = 10000)
        {
            Name = name;
            Generated = generated;
            HandWritten = handWritten;
            Warm = warm;
        }
    }

    private static long _sink;

    private static uint Increment(uint value)
    {
        return value + 1;
    }

    // Rooted for the whole run: Rust calls them on every iteration.
    private static readonly FnU32RetU32Handle GeneratedCallback = new FnU32RetU32Handle(Increment);
    private static readonly Hand.Callback HandCallback = Increment;
    private static readonly IntPtr HandCallbackPointer = Marshal.GetFunctionPointerForDelegate(HandCallback);

    private static long GeneratedNoop(int n)
    {
        for (int i = 0; i < n; i++) Api.BenchNoop();
        return n;
    }

    private static long HandNoop(int n)
    {
        for (int i = 0; i < n; i++) Hand.bench_noop();
        return n;
    }

    private static long GeneratedAdd(int n)
    {
        long sum = 0;
        for (int i = 0; i < n; i++) sum += Api.BenchAdd(i, 1);
        return sum;
    }

    private static long HandAdd(int n)
    {
        long sum = 0;
        for (int i = 0; i < n; i++) sum += Hand.bench_add(i, 1);
        return sum;
    }

    private static long GeneratedVec3(int n)
    {
        var v = new Vec3 { X = 0f, Y = 2f, Z = 3f };
        for (int i = 0; i < n; i++) v = Api.BenchVec3(v);
        return (long)(v.X + v.Y + v.Z);
    }

    private static long HandVec3(int n)
    {
        var v = new Hand.V3 { X = 0f, Y = 2f, Z = 3f };
        for (int i = 0; i < n; i++) v = Hand.bench_vec3(v);
        return (long)(v.X + v.Y + v.Z);
    }

    private static long GeneratedCallbackLoop(int n)
    {
        long sum = 0;
        for (int i = 0; i < n; i++) sum += Api.BenchCallback(GeneratedCallback, (uint)i);
        return sum;
    }

    private static long HandCallbackLoop(int n)
    {
        long sum = 0;
        for (int i = 0; i < n; i++) sum += Hand.bench_callback(HandCallback, (uint)i);
        return sum;
    }

    private static long HandCallbackPointerLoop(int n)
    {
        long sum = 0;
        for (int i = 0; i < n; i++) sum += Hand.bench_callback_ptr(HandCallbackPointer, (uint)i);
        return sum;
    }

    // The pattern cases. Slices: arrays of 1, 1 000 and 1 000 000 ones (pinned, not copied).
    private static readonly float[] Floats1 = Ones(1);
    private static readonly float[] Floats1K = Ones(1000);
    private static readonly float[] Floats1M = Ones(1000000);
    private static readonly Engine GeneratedEngine = MakeGeneratedEngine();
    private static readonly IntPtr HandEngine = Hand.NewEngine("bench", 4);

    private static float[] Ones(int n)
    {
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = 1f;
        return a;
    }

    private static Engine MakeGeneratedEngine()
    {
        return Engine.New("bench", 4);
    }

    private static Loop GeneratedSum(float[] values)
    {
        return n =>
        {
            double sum = 0;
            for (int i = 0; i < n; i++) sum += Api.PatternSumF32(values);
            return (long)sum;
        };
    }

    private static Loop HandSum(float[] values)
    {
        return n =>
        {
            double sum = 0;
            for (int i = 0; i < n; i++) sum += Hand.SumF32(values);
            return (long)sum;
        };
    }

    private static long GeneratedStringIn(int n)
    {
        long sum = 0;
        for (int i = 0; i < n; i++) sum += Api.PatternCountChars("h\u00e9llo, w\u00f6rld");
        return sum;
    }

    private static long HandStringIn(int n)
    {
        long sum = 0;
        for (int i = 0; i < n; i++) sum += Hand.CountChars("h\u00e9llo, w\u00f6rld");
        return sum;
    }

    private static long GeneratedStringOut(int n)
    {
        long sum = 0;
        for (int i = 0; i < n; i++) sum += Api.PatternGreet("bench").Length;
        return sum;
    }

    private static long HandStringOut(int n)
    {
        long sum = 0;
        for (int i = 0; i < n; i++) sum += Hand.Greet("bench").Length;
        return sum;
    }

    private static long GeneratedService(int n)
    {
        double sum = 0;
        for (int i = 0; i < n; i++) sum += GeneratedEngine.Sum();
        return (long)sum;
    }

    private static long HandService(int n)
    {
        double sum = 0;
        for (int i = 0; i < n; i++) sum += Hand.engine_sum(HandEngine);
        return (long)sum;
    }

    // The error path: the generated wrapper throws PatternErrorException, the hand-written
    // code checks the returned code (what it would do without exceptions) ...
    private static long GeneratedError(int n)
    {
        long errors = 0;
        for (int i = 0; i < n; i++)
        {
            try { Api.PatternCheckEven(1); }
            catch (PatternErrorException) { errors++; }
        }
        return errors;
    }

    private static long HandError(int n)
    {
        long errors = 0;
        for (int i = 0; i < n; i++)
        {
            if (Hand.pattern_check_even(1) != 0) errors++;
        }
        return errors;
    }

    // ... and the generated raw error-code overload against the same hand-written check.
    private static long GeneratedErrorRaw(int n)
    {
        long errors = 0;
        for (int i = 0; i < n; i++)
        {
            if (Api.Raw.PatternCheckEven(1) != PatternError.Ok) errors++;
        }
        return errors;
    }

    /// Chunks per side and round.
    private const int Pairs = 50;

    private static long Ticks(Loop loop, int m)
    {
        long start = Stopwatch.GetTimestamp();
        _sink += loop(m);
        return Stopwatch.GetTimestamp() - start;
    }

    private static double NsPerCall(long ticks, long calls)
    {
        return ticks * 1e9 / Stopwatch.Frequency / calls;
    }

    /// Doubles m until one chunk of the slower side takes at least `chunkMs`.
    private static int Calibrate(Case c, double chunkMs)
    {
        int m = 1;
        while (m < (1 << 28))
        {
            // The fastest of three tries: a preempted try must not stop the doubling early.
            long ticks = long.MaxValue;
            for (int i = 0; i < 3; i++)
            {
                ticks = Math.Min(ticks, Math.Max(Ticks(c.Generated, m), Ticks(c.HandWritten, m)));
            }
            if (ticks * 1000.0 / Stopwatch.Frequency >= chunkMs) break;
            m *= 2;
        }
        return m;
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = new List<double>(values);
        sorted.Sort();
        double index = p * (sorted.Count - 1);
        int lo = (int)Math.Floor(index);
        int hi = (int)Math.Ceiling(index);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (index - lo);
    }

    /// The results must be right, or the timings mean nothing.
    private static bool Verify()
    {
        var v = Api.BenchVec3(new Vec3 { X = 1f, Y = 2f, Z = 3f });
        var h = Hand.bench_vec3(new Hand.V3 { X = 1f, Y = 2f, Z = 3f });
        return Api.BenchAdd(40, 2) == 42 && Hand.bench_add(40, 2) == 42
            && v.X == 2f && v.Y == 2f && v.Z == 3f && h.X == 2f && h.Y == 2f && h.Z == 3f
            && Api.BenchCallback(GeneratedCallback, 41) == 42
            && Hand.bench_callback(HandCallback, 41) == 42
            && Hand.bench_callback_ptr(HandCallbackPointer, 41) == 42
            && Api.PatternSumF32(Floats1M) == 1000000f && Hand.SumF32(Floats1M) == 1000000f
            && Api.PatternSumF32(Floats1K) == 1000f && Hand.SumF32(Floats1K) == 1000f
            && Api.PatternCountChars("h\u00e9llo") == 5 && Hand.CountChars("h\u00e9llo") == 5
            && Api.PatternGreet("bench") == "Hello, bench!" && Hand.Greet("bench") == "Hello, bench!"
            && GeneratedEngine.Sum() == 0f && Hand.engine_sum(HandEngine) == 0f
            && GeneratedError(3) == 3 && HandError(3) == 3 && GeneratedErrorRaw(3) == 3
            && Api.Raw.PatternCheckEven(2) == PatternError.Ok && Hand.pattern_check_even(2) == 0;
    }

    private static int Main(string[] args)
    {
        int rounds = args.Length > 0 ? int.Parse(args[0]) : 31;
        double targetMs = args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20.0;
        if (!Verify())
        {
            Console.WriteLine("ERROR: a benchmark function returned a wrong value");
            return 1;
        }
        string only = args.Length > 2 ? args[2] : "";
        var all = new[]
        {
            new Case("noop", GeneratedNoop, HandNoop),
            new Case("add", GeneratedAdd, HandAdd),
            new Case("vec3", GeneratedVec3, HandVec3),
            new Case("callback", GeneratedCallbackLoop, HandCallbackLoop),
            new Case("callback_ptr", GeneratedCallbackLoop, HandCallbackPointerLoop),
            new Case("slice_f32_1", GeneratedSum(Floats1), HandSum(Floats1)),
            new Case("slice_f32_1k", GeneratedSum(Floats1K), HandSum(Floats1K), 1000),
            new Case("slice_f32_1m", GeneratedSum(Floats1M), HandSum(Floats1M), 2),
            new Case("string_in", GeneratedStringIn, HandStringIn),
            new Case("string_out", GeneratedStringOut, HandStringOut),
            new Case("service", GeneratedService, HandService),
            new Case("error", GeneratedError, HandError, 1000),
            new Case("error_raw", GeneratedErrorRaw, HandError),
        };
        var cases = Array.FindAll(all, c => c.Name.StartsWith(only, StringComparison.Ordinal));
        Console.WriteLine("rounds " + rounds + ", about " + targetMs + " ms per side and round");
        // Global warm-up, about half a second: JIT every loop and P/Invoke (and reverse
        // P/Invoke) wrapper, and let the runtime's startup work settle before any timing.
        var warm = Stopwatch.StartNew();
        while (warm.ElapsedMilliseconds < 500)
        {
            foreach (Case c in cases)
            {
                Ticks(c.Generated, c.Warm);
                Ticks(c.HandWritten, c.Warm);
            }
        }
        foreach (Case c in cases)
        {
            int m = Calibrate(c, targetMs / Pairs);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var generated = new List<double>();
            var hand = new List<double>();
            var ratios = new List<double>();
            for (int r = 0; r < rounds; r++)
            {
                long g = 0, h = 0;
                for (int k = 0; k < Pairs; k++)
                {
                    if (((r + k) & 1) == 0)
                    {
                        g += Ticks(c.Generated, m);
                        h += Ticks(c.HandWritten, m);
                    }
                    else
                    {
                        h += Ticks(c.HandWritten, m);
                        g += Ticks(c.Generated, m);
                    }
                }
                generated.Add(NsPerCall(g, (long)m * Pairs));
                hand.Add(NsPerCall(h, (long)m * Pairs));
                ratios.Add((double)g / h);
            }
            double gm = Percentile(generated, 0.5);
            double hm = Percentile(hand, 0.5);
            Console.WriteLine(string.Format(System.Globalization.CultureInfo.InvariantCulture,
                "RESULT {0} {1:F3} {2:F3} {3:F4} {4:F4} {5:F4} {6} {7} {8:F3} {9:F3}",
                c.Name, gm, hm, Percentile(ratios, 0.5), Percentile(ratios, 0.25), Percentile(ratios, 0.75), (long)m * Pairs, rounds,
                Percentile(generated, 0), Percentile(hand, 0)));
        }
        GC.KeepAlive(GeneratedCallback);
        GC.KeepAlive(HandCallback);
        GeneratedEngine.Dispose();
        Hand.engine_destroy(HandEngine);
        Console.WriteLine("checksum " + _sink);
        return 0;
    }
}
