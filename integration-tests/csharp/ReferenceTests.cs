// Calls every function of the reference crate through the generated Reference.cs and checks every
// value, on Mono. Compiled together with Reference.cs by integration-tests/tests/csharp_runtime.rs
// (`mcs -langversion:7.2 -warnaserror -unsafe`) and run with the cdylib on LD_LIBRARY_PATH.
//
// Besides the checks it prints one `LAYOUT` line per type of the layout table, with the sizes
// and offsets the running CLR measures (Marshal.SizeOf/OffsetOf), which the Rust test compares
// with reference.json. Prints "N passed, M failed" last; exits 1 on any failure.

using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Reference;

internal static class Program
{
    private static int _passed;
    private static int _failed;

    private static void Check(string name, bool ok)
    {
        if (ok)
        {
            _passed++;
        }
        else
        {
            _failed++;
            Console.WriteLine("FAILED: " + name);
        }
    }

    private static void Eq<T>(string name, T actual, T expected)
    {
        bool ok = Equals(actual, expected);
        if (!ok) name += ": got " + actual + ", expected " + expected;
        Check(name, ok);
    }

    private static void Throws<TException>(string name, Action action) where TException : Exception
    {
        string label = name + " throws " + typeof(TException).Name;
        try
        {
            action();
            Check(label + " (nothing thrown)", false);
        }
        catch (TException)
        {
            Check(label, true);
        }
        catch (Exception e)
        {
            Check(label + " (threw " + e.GetType().Name + ")", false);
        }
    }

    /// A section that throws counts as one failure and does not stop the others.
    private static void Section(string name, Action body)
    {
        try
        {
            body();
        }
        catch (Exception e)
        {
            Check("section " + name + " raised " + e, false);
        }
    }

    private static int Main()
    {
        // Statics first: CALL_COUNT must still hold its initial value.
        Section("statics", Statics);
        Section("constants", Constants);
        Section("primitives", Primitives);
        Section("pointers", Pointers);
        Section("structs", Structs);
        Section("arrays", Arrays);
        Section("special layouts", SpecialLayouts);
        Section("enums", Enums);
        Section("shape", ShapeTests);
        Section("event", EventTests);
        Section("mixed", MixedTests);
        Section("union", UnionTests);
        Section("opaque", Opaque);
        Section("callbacks", Callbacks);
        Section("callbacks after GC", CallbacksAfterGc);
        Section("bench functions", BenchFunctions);
        Section("cfg", CfgGated);
        Section("legacy and static arrays", LegacyAndArrays);
        Section("layouts", Layouts);
        Section("patterns: slices", PatternSlices);
        Section("patterns: strings", PatternStrings);
        Section("patterns: owned returns", PatternOwned);
        Section("patterns: options and Bool", PatternOptions);
        Section("patterns: errors", PatternErrors);
        Section("patterns: callbacks with state", PatternCallbacks);
        Section("patterns: service", PatternService);
        Section("patterns: raw forms", PatternRaw);
        Section("patterns: skipped fields", PatternSkippedFields);
        Console.WriteLine(_passed + " passed, " + _failed + " failed");
        return _failed == 0 ? 0 : 1;
    }

    private static void LegacyAndArrays()
    {
        Eq("legacy_sum", Api.LegacySum(40, 2), 42u);
        // The deprecated items still work; using them is what warns (CS0618, checked by
        // csharp_runtime.rs), so the warning is turned off around these uses only.
#pragma warning disable 618, 612
        Eq("legacy_add", Api.LegacyAdd(1, 2), 3u);
        OldPoint p = new OldPoint { X = 40, Y = 2 };
        Eq("old_point_sum", Api.OldPointSum(p), 42);
        Eq("OLD_LIMIT", Api.OldLimit, 10u);
#pragma warning restore 618, 612
        U32Array4 primes = Api.Primes;
        Check("PRIMES", primes[0] == 2 && primes[1] == 3 && primes[2] == 5 && primes[3] == 7);
        Check("PRIMES is read-only (no setter)", typeof(Api).GetProperty("Primes").CanWrite == false);
        Eq("scratch_sum before", Api.ScratchSum(), 0u);
        Api.Scratch = U8Array4.From(1, 2, 3, 200);
        Eq("scratch_sum after writing SCRATCH", Api.ScratchSum(), 206u);
        Eq("SCRATCH read back", Api.Scratch[3], (byte)200);
        Api.Scratch = new U8Array4();
        Eq("scratch_sum after clearing", Api.ScratchSum(), 0u);
    }

    private static void Statics()
    {
        Vec3 origin = Api.Origin;
        Check("ORIGIN is (0, 0, 0)", origin.X == 0f && origin.Y == 0f && origin.Z == 0f);
        Eq("CALL_COUNT starts at 0", Api.CallCount, 0u);
        Eq("count_call returns 1", Api.CountCall(), 1u);
        Eq("CALL_COUNT read live after count_call", Api.CallCount, 1u);
        Api.CallCount = 10;
        Eq("CALL_COUNT written from C#", Api.CallCount, 10u);
        Eq("Rust sees the C# write", Api.CountCall(), 11u);
        Eq("CALL_COUNT after", Api.CallCount, 11u);
        Check("ORIGIN is read-only (no setter)", typeof(Api).GetProperty("Origin").CanWrite == false);
        Check("CALL_COUNT is writable", typeof(Api).GetProperty("CallCount").CanWrite);
    }

    private static void Constants()
    {
        Eq("ANSWER == Rust's", Api.Answer, Api.ConstantAnswer());
        Eq("ANSWER", Api.Answer, 42u);
        Eq("NEGATIVE", Api.Negative, -84);
        Eq("MASK", Api.Mask, (byte)127);
        Eq("SHIFTED", Api.Shifted, 1UL << 40);
        Eq("BIG", Api.Big, ulong.MaxValue);
        Eq("SMALLEST", Api.Smallest, long.MinValue);
        Eq("HALF", Api.Half, 0.5f);
        Eq("TAU_ISH == Rust's, bit for bit",
            BitConverter.DoubleToInt64Bits(Api.TauIsh), BitConverter.DoubleToInt64Bits(Api.ConstantTauIsh()));
        Eq("TAU_ISH == 2 pi", Api.TauIsh, Math.PI * 2.0);
        Eq("ENABLED", Api.Enabled, true);
        Eq("LETTER is 'Z' as uint", Api.Letter, (uint)'Z');
        Eq("AS_CAST", Api.AsCast, (short)4464);
        Eq("SIZE", Api.Size, new UIntPtr(12));
        // The C# types follow the Rust types.
        object mask = Api.Mask, asCast = Api.AsCast, letter = Api.Letter, half = Api.Half, smallest = Api.Smallest;
        Check("constant types (u8, i16, char, f32, i64)",
            mask is byte && asCast is short && letter is uint && half is float && smallest is long);
    }

    private static void Primitives()
    {
        var p = new Primitives
        {
            B = true,
            C = 'a',
            U8 = 255,
            U16 = 65535,
            U32 = 7,
            U64 = 1UL << 40,
            I8 = -128,
            I16 = -2,
            I32 = -3,
            I64 = -4,
            Usize = new UIntPtr(5),
            Isize = new IntPtr(-6),
            F32 = 1.5f,
            F64 = 2.25,
            Ci = 10,
            Cu = 11,
            Cl = 12,
            Cc = (sbyte)'A',
        };
        Primitives q = Api.PrimitivesBump(p);
        Eq("bool field negated", q.B, false);
        Eq("char field advanced", q.C, (uint)'b');
        Eq("u8 wraps", q.U8, (byte)0);
        Eq("u16 wraps", q.U16, (ushort)0);
        Eq("u32", q.U32, 8u);
        Eq("u64", q.U64, (1UL << 40) + 1);
        Eq("i8", q.I8, (sbyte)-127);
        Eq("i16", q.I16, (short)-1);
        Eq("i32", q.I32, -2);
        Eq("i64", q.I64, -3L);
        Eq("usize", q.Usize, new UIntPtr(6));
        Eq("isize", q.Isize, new IntPtr(-5));
        Eq("f32", q.F32, 2.5f);
        Eq("f64", q.F64, 3.25);
        Eq("c_int", q.Ci, 11);
        Eq("c_uint", q.Cu, 12u);
        Eq("c_long", q.Cl, 13L);
        Eq("c_char", q.Cc, (sbyte)'B');
        p.B = false;
        Eq("bool field false -> true", Api.PrimitivesBump(p).B, true);
        p.U64 = ulong.MaxValue;
        p.I64 = long.MaxValue;
        q = Api.PrimitivesBump(p);
        Check("64-bit fields wrap", q.U64 == 0 && q.I64 == long.MinValue);

        Eq("add_u8 wraps", Api.AddU8(200, 100), (byte)44);
        Eq("add_i64", Api.AddI64(-5000000000L, 1), -4999999999L);
        Eq("mul_f64", Api.MulF64(1.5, 4.0), 6.0);
        Eq("negate(true)", Api.Negate(true), false);
        Eq("negate(false)", Api.Negate(false), true);
        Eq("next_char beyond the BMP", Api.NextChar(0x1F600), 0x1F601u);
        Eq("next_char('a')", Api.NextChar('a'), (uint)'b');
        Eq("nonzero_double", Api.NonzeroDouble(21), 42u);
        Eq("nonzero_or(None)", Api.NonzeroOr(0, 9), 9u);
        Eq("nonzero_or(Some)", Api.NonzeroOr(3, 9), 3u);
    }

    private static unsafe void Pointers()
    {
        uint written = 0;
        Check("write_u32 through a pointer", Api.WriteU32((IntPtr)(&written), 77) && written == 77);
        Eq("write_u32(null)", Api.WriteU32(IntPtr.Zero, 77), false);

        int value = 41;
        Api.Increment(ref value);
        Eq("increment(ref)", value, 42);
        Eq("read_or(ref)", Api.ReadOr(ref value, 0), 42);
        Eq("read_or(IntPtr.Zero)", Api.ReadOr(IntPtr.Zero, -1), -1);
        Eq("read_or(IntPtr to value)", Api.ReadOr((IntPtr)(&value), 0), 42);

        ushort a = 1, b = 2;
        Api.SwapNonnull((IntPtr)(&a), (IntPtr)(&b));
        Check("swap_nonnull swaps", a == 2 && b == 1);
        Api.SwapNonnull((IntPtr)(&a), IntPtr.Zero);
        Eq("swap_nonnull with None leaves a", a, (ushort)2);

        byte[] bytes = { 1, 2, 3, 250 };
        fixed (byte* data = bytes)
        {
            Eq("sum_bytes over a pinned array", Api.SumBytes((IntPtr)data, new UIntPtr((uint)bytes.Length)), 256UL);
        }
        Eq("sum_bytes(null, 0)", Api.SumBytes(IntPtr.Zero, UIntPtr.Zero), 0UL);

        IntPtr hello = Marshal.StringToHGlobalAnsi("hello");
        try
        {
            Eq("c_string_length", Api.CStringLength(hello), new UIntPtr(5));
        }
        finally
        {
            Marshal.FreeHGlobal(hello);
        }
        Eq("c_string_length(null)", Api.CStringLength(IntPtr.Zero), UIntPtr.Zero);
    }

    private static Vec3 V(float x, float y, float z)
    {
        return new Vec3 { X = x, Y = y, Z = z };
    }

    private static bool Same(Vec3 v, float x, float y, float z)
    {
        return v.X == x && v.Y == y && v.Z == z;
    }

    private static void Structs()
    {
        Vec3 a = V(1f, 2f, 3f);
        Vec3 b = V(0.5f, 0.5f, 0.5f);
        Check("vec3_add by value", Same(Api.Vec3Add(a, b), 1.5f, 2.5f, 3.5f));
        Api.Vec3Scale(ref a, 2f);
        Check("vec3_scale by ref", Same(a, 2f, 4f, 6f));
        Check("my_game_function(ref)", Same(Api.MyGameFunction(ref b), 0.5f, 1.5f, 0.5f));
        Check("my_game_function(IntPtr.Zero)", Same(Api.MyGameFunction(IntPtr.Zero), 0f, 1f, 0f));
        Check("ref argument not modified", Same(b, 0.5f, 0.5f, 0.5f));

        Eq("size_area (tuple struct)", Api.SizeArea(new Size2 { _0 = 6, _1 = 7 }), 42u);
        Eq("pair_sum (Pair<f32>)", Api.PairSum(new PairF32 { First = 1.25f, Second = 2.5f }), 3.75f);
        PairU8 swapped = Api.PairSwapU8(new PairU8 { First = 1, Second = 2 });
        Check("pair_swap_u8 (Pair<u8>)", swapped.First == 2 && swapped.Second == 1);

        Eq("meters_double (transparent f64)", Api.MetersDouble(1.25), 2.5);
        Eq("id_next (transparent u32 with marker)", Api.IdNext(41), 42u);

        var grid = new GridVec3 { X = -1, Y = 2, Z = -3 };
        Eq("grid_length (GridVec3, the shadowing Vec3)", Api.GridLength(grid), 6);
        Check("GridVec3 is not Vec3", typeof(GridVec3) != typeof(Vec3) && typeof(GridVec3).GetField("X").FieldType == typeof(int));
    }

    private static void Arrays()
    {
        Transform t = Api.TransformMake(2f);
        Check("position", Same(t.Position, 2f, 3f, 4f));
        Check("corners[0] (array of structs)", Same(t.Corners[0], -2f, 0f, 0f));
        Check("corners[1]", Same(t.Corners[1], 0f, 0f, 4f));
        Check("matrix[0] (nested array)", t.Matrix[0][0] == 1f && t.Matrix[0][1] == 2f && t.Matrix[0][2] == 3f);
        Check("matrix[1]", t.Matrix[1][0] == 4f && t.Matrix[1][1] == 5f && t.Matrix[1][2] == 2f);
        Check("size", t.Size._0 == 3 && t.Size._1 == 4);
        Check("flags ([u8; 3])", t.Flags[0] == 1 && t.Flags[1] == 2 && t.Flags[2] == 3);
        Check("weights (Pair<f32> in a struct)", t.Weights.First == 0.25f && t.Weights.Second == 0.75f);
        Eq("transform_sum of Rust's transform", Api.TransformSum(ref t),
            2f + 3f + 4f - 2f + 4f + 21f - 6f + 2f + 7f + 6f + 1f);

        float[] flags = Array.ConvertAll(t.Flags.ToArray(), f => (float)f);
        Check("ToArray", flags.Length == 3 && flags[2] == 3f && t.Corners.ToArray()[1].Z == 4f);
        Eq("Length constants", F32Array3.Length + F32Array3Array2.Length + Vec3Array2.Length + U8Array3.Length + U8Array8.Length, 18);

        // A transform built on the C# side, written through the indexers.
        var mine = new Transform();
        F32Array3 row = mine.Matrix[1];
        row[1] = 10f;
        mine.Matrix[1] = row;
        mine.Flags[1] = 5;
        mine.Size._1 = 100;
        Eq("transform_sum of a C#-built transform", Api.TransformSum(ref mine), 115f);

        var built = new Transform
        {
            Position = V(1f, 1f, 1f),
            Corners = Vec3Array2.From(V(1f, 0f, 0f), V(0f, 1f, 0f)),
            Matrix = F32Array3Array2.From(F32Array3.From(1f, 1f, 1f), F32Array3.From(1f, 1f, 1f)),
            Size = new Size2 { _0 = 1, _1 = 1 },
            Flags = U8Array3.From(1, 1, 1),
            Weights = new PairF32 { First = 1f, Second = 1f },
        };
        Eq("transform_sum of a transform built with From()", Api.TransformSum(ref built), 3f + 2f + 6f + 2f + 3f + 2f);
        Eq("transform_sum does not modify", built.Matrix[1][2], 1f);

        var tx = t;
        Throws<IndexOutOfRangeException>("index 2 of [Vec3; 2]", () => { Vec3 unused = tx.Corners[2]; });
        Throws<IndexOutOfRangeException>("index -1 of [u8; 3]", () => { byte unused = tx.Flags[-1]; });
        Throws<IndexOutOfRangeException>("writing index 3 of [f32; 3]", () => { var r = new F32Array3(); r[3] = 1f; });
        Throws<ArgumentException>("From with too few values", () => F32Array3.From(1f, 2f));
        Throws<ArgumentNullException>("From(null)", () => U8Array3.From(null));
    }

    private static void SpecialLayouts()
    {
        Packed p = Api.PackedMake(1, 0x01020304, 0x0506);
        Check("packed fields", p.A == 1 && p.B == 0x01020304 && p.C == 0x0506);
        Eq("packed_sum of Rust's", Api.PackedSum(p), 1UL + 0x01020304 + 0x0506);
        Eq("packed_sum of C#'s", Api.PackedSum(new Packed { A = 2, B = 0xFFFFFFFF, C = 3 }), 2UL + 0xFFFFFFFF + 3);
        Eq("sizeof Packed", Marshal.SizeOf(typeof(Packed)), 7);
        Eq("Packed.C offset", Marshal.OffsetOf(typeof(Packed), "C").ToInt64(), 5L);

        Aligned al = Api.AlignedMake(123456789012UL);
        Check("aligned fields", al.Value == 123456789012UL && al.Tag == 7);
        Eq("sizeof Aligned", Marshal.SizeOf(typeof(Aligned)), 16);

        Wide w = Api.WideMake(1, ulong.MaxValue - 1, 2.5, 65000);
        Check("wide fields", w.Small == 1 && w.Big == ulong.MaxValue - 1 && w.Real == 2.5 && w.Last == 65000);
        Eq("wide_check of Rust's", Api.WideCheck(w), true);
        w.Last = 1;
        Eq("wide_check sees the change", Api.WideCheck(w), false);
        var mine = new Wide { Small = 1, Big = ulong.MaxValue - 1, Real = 2.5, Last = 65000 };
        Eq("wide_check of C#'s", Api.WideCheck(mine), true);
    }

    private static void Enums()
    {
        Check("Color values", (int)Color.Red == 0 && (int)Color.Green == 10 && (int)Color.Blue == 11 && (int)Color.Negative == -3);
        Eq("color_next(Red)", Api.ColorNext(Color.Red), Color.Green);
        Eq("color_next(Blue)", Api.ColorNext(Color.Blue), Color.Negative);
        Eq("color_next(Negative)", Api.ColorNext(Color.Negative), Color.Red);
        Eq("color_value(Negative)", Api.ColorValue(Color.Negative), -3);
        Eq("small_flip (u8)", Api.SmallFlip(Small.A), Small.B);
        Eq("Small.B", (byte)Small.B, (byte)200);
        Eq("signed16_flip (i16)", Api.Signed16Flip(Signed16.Low), Signed16.High);
        Eq("Signed16.Low", (short)Signed16.Low, (short)-300);
        Eq("big32_flip (u32)", Api.Big32Flip(Big32.Max), Big32.Zero);
        Eq("big32_flip back", Api.Big32Flip(Big32.Zero), Big32.Max);
        Eq("Big32.Max", (uint)Big32.Max, 4000000000u);
        Eq("huge_value (i64)", Api.HugeValue(Huge.Min), -9000000000L);
        Eq("huge_value(One)", Api.HugeValue(Huge.One), 1L);
        Check("underlying types follow the reprs",
            Enum.GetUnderlyingType(typeof(Color)) == typeof(int)
            && Enum.GetUnderlyingType(typeof(Small)) == typeof(byte)
            && Enum.GetUnderlyingType(typeof(Signed16)) == typeof(short)
            && Enum.GetUnderlyingType(typeof(Big32)) == typeof(uint)
            && Enum.GetUnderlyingType(typeof(Huge)) == typeof(long));
    }

    private static void ShapeTests()
    {
        Shape circle = Api.ShapeMake(0);
        Shape rect = Api.ShapeMake(1);
        Shape empty = Api.ShapeMake(2);
        Check("circle from Rust", circle.IsCircle && !circle.IsRect && circle.Tag == ShapeTag.Circle && circle.AsCircle() == 1.5f);
        Shape.RectData r = rect.AsRect();
        Check("rect from Rust", rect.IsRect && r.W == 2f && r.H == 4.5);
        Check("empty from Rust", empty.IsEmpty && empty.Tag == ShapeTag.Empty);
        Eq("shape_area(rect from Rust)", Api.ShapeArea(rect), 9.0);
        Eq("shape_area(circle from Rust)", Api.ShapeArea(circle), 1.5 * 1.5 * 3.0);
        Eq("shape_area(Circle built in C#)", Api.ShapeArea(Shape.Circle(2f)), 12.0);
        Eq("shape_area(Rect built in C#)", Api.ShapeArea(Shape.Rect(3f, 0.5)), 1.5);
        Eq("shape_area(Empty built in C#)", Api.ShapeArea(Shape.Empty()), 0.0);
        Check("C#-built Rect reads back", Shape.Rect(3f, 0.5).AsRect().H == 0.5);
        Throws<InvalidOperationException>("Shape.AsRect on a circle", () => circle.AsRect());
        Throws<InvalidOperationException>("Shape.AsCircle on empty", () => empty.AsCircle());
        Eq("ShapeTag underlying type", Enum.GetUnderlyingType(typeof(ShapeTag)), typeof(int));
    }

    private static void EventTests()
    {
        Event key = Api.EventMake(0);
        Event move = Api.EventMake(1);
        Event quit = Api.EventMake(2);
        Check("key from Rust", key.IsKey && key.Tag == EventTag.Key && key.AsKey() == 65);
        Event.MoveData m = move.AsMove();
        Check("move from Rust", move.IsMove && m.Dx == -2 && m.Dy == 3);
        Check("quit from Rust", quit.IsQuit && !quit.IsKey);
        Eq("event_code(key from Rust)", Api.EventCode(ref key), 65L);
        Eq("event_code(move from Rust)", Api.EventCode(ref move), -1997L);
        Eq("event_code(quit from Rust)", Api.EventCode(ref quit), -1L);
        Event built = Event.Move(4, -5);
        Eq("event_code(Move built in C#)", Api.EventCode(ref built), 3995L);
        built = Event.Key(0xFFFFFFFF);
        Eq("event_code(Key built in C#)", Api.EventCode(ref built), 4294967295L);
        built = Event.Quit();
        Eq("event_code(Quit built in C#)", Api.EventCode(ref built), -1L);
        Throws<InvalidOperationException>("Event.AsKey on quit", () => quit.AsKey());
        Throws<InvalidOperationException>("Event.AsMove on key", () => key.AsMove());
        Eq("EventTag underlying type", Enum.GetUnderlyingType(typeof(EventTag)), typeof(byte));
    }

    private static void MixedTests()
    {
        Mixed one = Api.MixedMake(0);
        Mixed two = Api.MixedMake(1);
        Mixed nothing = Api.MixedMake(2);
        Check("one from Rust", one.IsOne && one.AsOne() == 5);
        Mixed.TwoData t = two.AsTwo();
        Check("two from Rust", two.IsTwo && t._0 == ulong.MaxValue && t._1 == 3);
        Check("nothing from Rust (tag 9)", nothing.IsNothing && (ushort)nothing.Tag == 9);
        Eq("mixed_code(one from Rust)", Api.MixedCode(one), 5UL);
        Eq("mixed_code(two from Rust)", Api.MixedCode(two), 2UL); // u64::MAX + 3 wraps
        Eq("mixed_code(nothing from Rust)", Api.MixedCode(nothing), 9UL);
        Eq("mixed_code(Two built in C#)", Api.MixedCode(Mixed.Two(10, 20)), 30UL);
        Eq("mixed_code(One built in C#)", Api.MixedCode(Mixed.One(7)), 7UL);
        Eq("mixed_code(Nothing built in C#)", Api.MixedCode(Mixed.Nothing()), 9UL);
        Throws<InvalidOperationException>("Mixed.AsOne on two", () => two.AsOne());
        Throws<InvalidOperationException>("Mixed.AsTwo on nothing", () => nothing.AsTwo());
        Eq("MixedTag underlying type", Enum.GetUnderlyingType(typeof(MixedTag)), typeof(ushort));
    }

    private static void UnionTests()
    {
        Number n = Api.NumberFromInt(0x4000000000000000L);
        Eq("union int field", n.Int, 0x4000000000000000L);
        Eq("number_as_real of Rust's", Api.NumberAsReal(n), 2.0);
        Eq("the same bytes as a double, read in C#", n.Real, 2.0);
        var mine = new Number { Real = 0.5 };
        Eq("number_as_real of C#'s", Api.NumberAsReal(mine), 0.5);
        Eq("union bytes field (array in a union)", mine.Bytes[7], (byte)0x3f);
        mine.Bytes = U8Array8.From(0, 0, 0, 0, 0, 0, 0xF0, 0x3F);
        Eq("bytes written in C#, read as a double by Rust", Api.NumberAsReal(mine), 1.0);
    }

    private static void Opaque()
    {
        Counter c = Api.CounterNew(5);
        Check("counter_new returns a handle", !c.IsNull && c.Pointer != IntPtr.Zero);
        Eq("counter_increment", Api.CounterIncrement(c), 6UL);
        Eq("counter_increment again", Api.CounterIncrement(c), 7UL);
        Eq("counter_get", Api.CounterGet(c), 7UL);
        Eq("counter_get(Null)", Api.CounterGet(Counter.Null), 0UL);
        Eq("counter_free returns the history length", Api.CounterFree(c), new UIntPtr(2));
        Eq("counter_free(Null)", Api.CounterFree(Counter.Null), UIntPtr.Zero);
        Check("Counter.Null is null", Counter.Null.IsNull && default(Counter).IsNull);

        Eq("handle_address", Api.HandleAddress(new Handle(new IntPtr(0x1000))), new UIntPtr(0x1000));
        Eq("handle_address(Null)", Api.HandleAddress(Handle.Null), UIntPtr.Zero);
        Check("handles are typed (Counter is not Handle)", typeof(Counter) != typeof(Handle));
    }

    private static uint _visitedSum;
    private static uint _doneCalls;

    private static bool Visit(uint value, IntPtr user)
    {
        _visitedSum += value;
        return value < (uint)Marshal.ReadInt32(user);
    }

    private static Vec3 Flip(Vec3 v)
    {
        return V(-v.X, -v.Y, -v.Z);
    }

    private static void Callbacks()
    {
        IntPtr limit = Marshal.AllocHGlobal(4);
        try
        {
            Marshal.WriteInt32(limit, 3);
            using (var visitor = new VisitorHandle(Visit))
            {
                Eq("visit_numbers stops when the visitor says so", Api.VisitNumbers(10, visitor, limit), 3u);
                Eq("visitor saw 1 + 2 + 3 through the user pointer", _visitedSum, 6u);
                Marshal.WriteInt32(limit, 100);
                _visitedSum = 0;
                Eq("visit_numbers runs to the end", Api.VisitNumbers(4, visitor.Function, limit), 4u);
                Eq("visitor sum", _visitedSum, 10u);
            }
        }
        finally
        {
            Marshal.FreeHGlobal(limit);
        }

        Vec3 v = V(1f, -2f, 3f);
        using (var flip = new FnVec3RetVec3Handle(Flip))
        {
            Check("apply_optional with a callback (struct by value both ways)", Same(Api.ApplyOptional(v, flip), -1f, 2f, -3f));
            Check("apply_optional with FnVec3RetVec3.Null", Same(Api.ApplyOptional(v, FnVec3RetVec3.Null), 1f, -2f, 3f));
            Check("a C# callback invoked from C# through its pointer", Same(flip.Function.Invoke(v), -1f, 2f, -3f));

            using (var done = new FnU32Handle(count => _doneCalls += count))
            {
                var t = new Transformer { Apply = flip, OnDone = done };
                Check("run_transformer calls apply", Same(Api.RunTransformer(ref t, v), -1f, 2f, -3f));
                Eq("run_transformer calls on_done", _doneCalls, 1u);
                t.OnDone = FnU32.Null;
                Api.RunTransformer(ref t, v);
                Eq("run_transformer without on_done", _doneCalls, 1u);
            }
        }

        FnI32RetI32 doubler = Api.GetDoubler();
        Check("get_doubler returns a pointer", !doubler.IsNull);
        Eq("Rust's function called from C#", doubler.Invoke(21), 42);
        Eq("and again", doubler.Invoke(-7), -14);

        var handle = new FnU32RetU32Handle(x => x);
        handle.Dispose();
        Check("a disposed handle gives the null pointer", handle.Function.IsNull && ((FnU32RetU32)handle).IsNull);
        handle.Dispose();
        Check("Dispose twice is harmless", handle.Function.IsNull);
        Check("a null handle converts to the null pointer", ((FnU32RetU32)(FnU32RetU32Handle)null).IsNull);
        Throws<InvalidOperationException>("Invoke on a null pointer", () => FnI32RetI32.Null.Invoke(1));
        Throws<ArgumentNullException>("a handle of null", () => new VisitorHandle(null));
    }

    // The closures below capture a local, so each is a fresh delegate object only the handle
    // references once these methods return.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static FnU32RetU32Handle MakeAdder(uint add, out WeakReference weak)
    {
        FnU32RetU32Delegate d = x => x + add;
        weak = new WeakReference(d);
        return new FnU32RetU32Handle(d);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static FnU32RetU32 LeakedAdder(uint add)
    {
        // The handle object itself becomes garbage here; the delegate must stay rooted.
        return new FnU32RetU32Handle(x => x + add).Function;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Churn()
    {
        for (int i = 0; i < 20000; i++)
        {
            FnU32RetU32Delegate garbage = x => x + (uint)i;
            GC.KeepAlive(garbage);
            GC.KeepAlive(new byte[64]);
        }
    }

    private static void ForceGc()
    {
        Churn();
        for (int i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }

    private static void CallbacksAfterGc()
    {
        WeakReference weak;
        FnU32RetU32Handle adder = MakeAdder(1000, out weak);
        FnU32RetU32 leaked = LeakedAdder(7);
        ForceGc();
        Check("the handle keeps its delegate alive through GC.Collect", weak.IsAlive);
        Eq("Rust calls the callback after GC.Collect", Api.BenchCallback(adder, 5), 1005u);
        Eq("a handle never disposed keeps working (leak, not crash)", Api.BenchCallback(leaked, 5), 12u);
        for (uint i = 0; i < 1000; i++)
        {
            if (Api.BenchCallback(adder, i) != i + 1000)
            {
                Check("callback round trips after GC", false);
                break;
            }
        }
        ForceGc();
        Eq("still valid after a second collection", Api.BenchCallback(adder, 1), 1001u);
        adder.Dispose();
        Check("disposed after use", adder.Function.IsNull);
    }

    private static void BenchFunctions()
    {
        Api.BenchNoop();
        Eq("bench_add", Api.BenchAdd(40, 2), 42);
        Eq("bench_add wraps", Api.BenchAdd(int.MaxValue, 1), int.MinValue);
        Check("bench_vec3", Same(Api.BenchVec3(V(1f, 2f, 3f)), 2f, 2f, 3f));
        using (var twice = new FnU32RetU32Handle(x => x * 2))
        {
            Eq("bench_callback", Api.BenchCallback(twice, 21), 42u);
        }
    }

    private static void CfgGated()
    {
        Eq("only_on_linux", Api.OnlyOnLinux(), 1u);
        Eq("extras_enabled", Api.ExtrasEnabled(), true);
        Check("never_exported (feature never-enabled) is absent", typeof(Api).GetMethod("NeverExported") == null);
        Check("test_only (cfg(test)) is absent", typeof(Api).GetMethod("TestOnly") == null);
        Check("private constant is absent", typeof(Api).GetField("Private") == null);
    }

    private static void Layouts()
    {
        Eq("layout table target", ApiLayout.Target, "x86_64-linux (64-bit pointers)");
        string[] problems = ApiLayout.Check();
        foreach (string problem in problems) Console.WriteLine("layout problem: " + problem);
        Eq("ApiLayout.Check() finds no mismatch", problems.Length, 0);

        ApiLayout.Entry[] entries = ApiLayout.Entries();
        Check("the layout table lists types", entries.Length > 20);
        foreach (ApiLayout.Entry e in entries)
        {
            Type t = e.Type.IsEnum ? Enum.GetUnderlyingType(e.Type) : e.Type;
            var line = new System.Text.StringBuilder("LAYOUT ");
            line.Append(e.RustName ?? "-").Append(' ').Append(e.Type.Name).Append(' ').Append(Marshal.SizeOf(t));
            foreach (string field in e.Fields)
            {
                line.Append(' ').Append(Marshal.OffsetOf(e.Type, field).ToInt64());
            }
            Console.WriteLine(line.ToString());
        }
        Eq("a Vec3 array is 2 Vec3s", Marshal.SizeOf(typeof(Vec3Array2)), 2 * Marshal.SizeOf(typeof(Vec3)));
    }

    // ---- patterns (issue 5) ----

    private static void PatternSlices()
    {
        Eq("sum_f32(float[])", Api.PatternSumF32(new[] { 1f, 2f, 3.5f }), 6.5f);
        Eq("sum_f32(empty)", Api.PatternSumF32(new float[0]), 0f);
        Eq("sum_f32(null array = empty)", Api.PatternSumF32((float[])null), 0f);
        float[] big = new float[1000];
        for (int i = 0; i < big.Length; i++) big[i] = 1f;
        Eq("sum_f32(Span over part of an array)", Api.PatternSumF32(new ReadOnlySpan<float>(big, 10, 90)), 90f);
        Span<float> stack = stackalloc float[4];
        stack[0] = 1f; stack[3] = 4f;
        Eq("sum_f32(stackalloc Span)", Api.PatternSumF32(stack), 5f);
        Vec3 s = Api.PatternSumVec3(new[] { V(1f, 2f, 3f), V(10f, 20f, 30f) });
        Check("sum_vec3(Vec3[]) (struct elements)", Same(s, 11f, 22f, 33f));
        byte[] bytes = new byte[5];
        Api.PatternFillBytes(bytes, 10);
        Check("fill_bytes writes into the caller's array (no copy)", bytes[0] == 10 && bytes[4] == 14);
        Span<byte> part = new Span<byte>(bytes, 1, 2);
        Api.PatternFillBytes(part, 100);
        Check("fill_bytes(Span) writes through the span", bytes[0] == 10 && bytes[1] == 100 && bytes[2] == 101 && bytes[3] == 13);
    }

    private static void PatternStrings()
    {
        Eq("count_chars(ASCII)", Api.PatternCountChars("hello"), 5u);
        Eq("count_chars(non-ASCII: UTF-8, not UTF-16)", Api.PatternCountChars("grüße ✓"), 7u);
        Eq("count_chars(\"\")", Api.PatternCountChars(""), 0u);
        Eq("c_string_len (bytes)", Api.PatternCStringLen("grüße"), 7u);
        Throws<ArgumentNullException>("count_chars(null)", () => Api.PatternCountChars(null));
        Throws<ArgumentException>("c_string_len with an inner NUL", () => Api.PatternCStringLen("a\0b"));
        Eq("greet -> string", Api.PatternGreet("Zoë"), "Hello, Zoë!");
        for (int i = 0; i < 1000; i++) Api.PatternGreet("loop");
        Check("greet 1000 times (each owned string freed)", true);
    }

    private static void PatternOwned()
    {
        uint[] range = Api.PatternRange(5);
        Check("range -> uint[]", range.Length == 5 && range[0] == 0 && range[4] == 4);
        Eq("range(0) -> empty array", Api.PatternRange(0).Length, 0);
        Vec3[] points = Api.PatternPoints(3);
        Check("points -> Vec3[]", points.Length == 3 && Same(points[2], 2f, 0f, 0f));
    }

    private static void PatternOptions()
    {
        Vec3? scaled = Api.PatternScale(V(1f, 2f, 3f), 2f);
        Check("scale(Some) -> Some", scaled.HasValue && Same(scaled.Value, 2f, 4f, 6f));
        Check("scale(null) -> null", Api.PatternScale(null, 2f) == null);
        Eq("maybe(true, 7)", Api.PatternMaybe(true, 7), (uint?)7);
        Eq("maybe(false, 7)", Api.PatternMaybe(false, 7), (uint?)null);
        Eq("not(true)", Api.PatternNot(true), false);
        Eq("not(false)", Api.PatternNot(false), true);
    }

    private static PatternError ErrorOf(Action action)
    {
        try { action(); }
        catch (PatternErrorException e) { return e.Error; }
        return PatternError.Ok;
    }

    private static void PatternErrors()
    {
        Eq("divide -> value", Api.PatternDivide(7, 2), 3);
        Eq("divide by zero -> exception with the enum value", ErrorOf(() => Api.PatternDivide(1, 0)), PatternError.InvalidArgument);
        Api.PatternCheckEven(4);
        Eq("check_even(3) -> exception", ErrorOf(() => Api.PatternCheckEven(3)), PatternError.InvalidArgument);
        try { Api.PatternCheckEven(5); }
        catch (PatternErrorException e) { Check("exception message names the variant", e.Message.Contains("InvalidArgument")); }
        Eq("raw error-code form stays available", Api.Raw.PatternCheckEven(3), PatternError.InvalidArgument);
        Eq("raw result form", Api.Raw.PatternDivide(1, 0).Error, PatternError.InvalidArgument);
        Api.PatternPanicError(false);
        Eq("panic in a guarded fn -> Panic error", ErrorOf(() => Api.PatternPanicError(true)), PatternError.Panic);
        Eq("panic_result ok", Api.PatternPanicResult(4), 25u);
        Eq("panic in a guarded FfiResult fn -> Panic", ErrorOf(() => Api.PatternPanicResult(0)), PatternError.Panic);
        Eq("panic_value ok", Api.PatternPanicValue(9), 9u);
        Eq("panic in a guarded value fn -> documented default", Api.PatternPanicValue(0), 4242u);
        // Invalid UTF-8 and a null slice with a length can only come from raw data.
        byte[] invalid = { 0x66, 0xFF, 0xFE };
        unsafe
        {
            fixed (byte* p = invalid)
            {
                var view = new StrView { Ptr = (IntPtr)p, Len = (UIntPtr)3u };
                Eq("invalid UTF-8 -> InvalidUtf8", Api.Raw.PatternCountChars(view).Error, PatternError.InvalidUtf8);
                byte[] cstr = { 0x66, 0xFF, 0 };
                fixed (byte* c = cstr)
                {
                    Eq("invalid UTF-8 C string -> InvalidUtf8", Api.Raw.PatternCStringLen((IntPtr)c).Error, PatternError.InvalidUtf8);
                }
            }
        }
        var nullSlice = new SliceF32 { Ptr = IntPtr.Zero, Len = (UIntPtr)3u };
        Eq("null slice with len 3 -> NullPointer", Api.Raw.PatternSumF32(nullSlice).Error, PatternError.NullPointer);
        Eq("null slice with len 0 -> empty", Api.Raw.PatternSumF32(new SliceF32()).Value, 0f);
        Eq("null mutable slice with len 2 -> NullPointer", Api.Raw.PatternFillBytes(new SliceMutU8 { Ptr = IntPtr.Zero, Len = (UIntPtr)2u }, 1), PatternError.NullPointer);
    }

    private static void PatternCallbacks()
    {
        int seen = 0;
        Eq("call_each with a closure over local state", Api.PatternCallEach(4, v => { seen++; return v * 10; }), 100u);
        Eq("the closure ran once per value", seen, 4);
        Eq("call_each(null callback) -> Rust skips it", Api.PatternCallEach(3, null), 0u);
        for (int i = 0; i < 200; i++) Api.PatternCallEach(2, v => v);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Eq("200 callbacks released by Rust's drop, still working after GC", Api.PatternCallEach(2, v => v + 1), 5u);
    }

    private static void PatternService()
    {
        using (Engine e = Engine.New("main", 8))
        {
            Check("new engine is empty", e.IsEmpty());
            e.Push(1.5f);
            e.PushAll(new[] { 2f, 3f });
            e.PushAll(new ReadOnlySpan<float>(new[] { 9f, 0.5f }, 1, 1));
            Eq("count", e.Count(), 4u);
            Eq("sum", e.Sum(), 7f);
            Eq("get(1)", e.Get(1), 2f);
            Eq("get(99) -> exception", ErrorOf(() => e.Get(99)), PatternError.InvalidArgument);
            Eq("name -> string", e.Name(), "main");
            float[] values = e.Values();
            Check("values -> float[]", values.Length == 4 && values[3] == 0.5f);
            float[] view = e.View();
            Check("view -> float[] copy", view.Length == 4 && view[0] == 1.5f);
            float heard = 0f;
            e.SetListener(v => heard += v);
            e.Push(10f);
            Eq("listener closure called by Rust", heard, 10f);
            e.SetListener(v => heard += 2 * v);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            e.Push(1f);
            Eq("replaced listener (old one dropped by Rust), after GC", heard, 12f);
            Eq("panic in a service method -> Panic", ErrorOf(() => e.Explode()), PatternError.Panic);
            Eq("full engine -> exception", ErrorOf(() => { for (int i = 0; i < 10; i++) e.Push(1f); }), PatternError.InvalidArgument);
        }
        Eq("constructor error -> exception", ErrorOf(() => Engine.New("zero", 0)), PatternError.InvalidArgument);
        Engine d = Engine.New("disposed", 2);
        d.Dispose();
        Check("IsDisposed", d.IsDisposed);
        Throws<ObjectDisposedException>("method after Dispose", () => d.Sum());
        Throws<ObjectDisposedException>("RawHandle after Dispose", () => { var h = d.RawHandle; });
        d.Dispose();
        Check("second Dispose is harmless", true);
        for (int i = 0; i < 2000; i++)
        {
            using (Engine e = Engine.New("loop", 4))
            {
                e.Push(i);
                e.SetListener(v => { });
            }
        }
        Check("2000 engines created and destroyed", true);
    }

    // `Reading` has two zero-sized Rust-only markers (`#[ffi(skip)]`): the C# struct has only
    // the other three fields, at Rust's offsets, and crosses by value both ways.
    private static void PatternSkippedFields()
    {
        Reading made = Api.PatternReading(7, 2.5, 4);
        Check("reading from Rust", made.Id == 7 && made.Value == 2.5 && made.Scale == 4);
        Reading next = Api.PatternReadingNext(made);
        Check("reading passed back", next.Id == 8 && next.Value == 10.0 && next.Scale == 4);
        var mine = new Reading { Id = uint.MaxValue, Value = -0.75, Scale = ushort.MaxValue };
        next = Api.PatternReadingNext(mine);
        Check("reading built in C#", next.Id == 0 && next.Value == -0.75 * 65535 && next.Scale == ushort.MaxValue);
        var fields = typeof(Reading).GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic);
        Eq("Reading has no marker fields", fields.Length, 3);
    }

    private static void PatternRaw()
    {
        var support = typeof(Api).Assembly.GetType("Reference.ApiSupport");
        var flags = System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic;
        Eq("library fingerprint == generated fingerprint", (ulong)support.GetMethod("LibraryFingerprint", flags).Invoke(null, null), (ulong)support.GetField("ExpectedFingerprint", flags).GetValue(null));
        OwnedString greeting = Api.Raw.PatternGreet(new StrView());
        Check("raw owned string", greeting.Len.ToUInt64() > 0);
        Api.Raw.ReferenceFreeOwnedString(greeting);
        Api.Raw.ReferenceFreeOwnedVecU32(Api.Raw.PatternRange(3));
        Api.Raw.ReferenceFreeOwnedVecVec3(Api.Raw.PatternPoints(3));
        Eq("raw Bool is a byte", Api.Raw.PatternNot(0), (byte)1);
        IntPtr handle;
        unsafe
        {
            var name = Encoding.UTF8.GetBytes("raw");
            fixed (byte* n = name)
            {
                Eq("raw constructor", Api.Raw.EngineNew((IntPtr)(&handle), new StrView { Ptr = (IntPtr)n, Len = (UIntPtr)3u }, 2), PatternError.Ok);
            }
        }
        var h = new EngineHandle(handle);
        Eq("raw method", Api.Raw.EnginePush(h, 2f), PatternError.Ok);
        Api.Raw.ReferenceFreeOwnedVecF32(Api.Raw.EngineValues(h));
        Api.Raw.EngineDestroy(h);
        Check("raw destructor", true);
    }
}
