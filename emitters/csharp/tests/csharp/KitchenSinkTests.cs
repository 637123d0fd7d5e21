// Runtime test for the generated KitchenSink.cs, compiled together with it by tests/runtime.rs
// and run with Mono against tests/fixture-cdylib. Prints "N passed, M failed"; exit code 1 on
// any failure.

using System;
using System.Runtime.InteropServices;
using KitchenSink;

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
            Console.WriteLine("FAIL: " + name);
        }
    }

    private static void Throws<T>(string name, Action action) where T : Exception
    {
        try
        {
            action();
            Check(name + " throws " + typeof(T).Name, false);
        }
        catch (T)
        {
            Check(name + " throws " + typeof(T).Name, true);
        }
    }

    // Not part of the model: lets the test compare rustc's sizes with the CLR's.
    [DllImport("kitchen_sink", CallingConvention = CallingConvention.Cdecl, EntryPoint = "fixture_size_of")]
    private static extern UIntPtr FixtureSizeOf(string name);

    private static void Run(string name, Action section)
    {
        try
        {
            section();
        }
        catch (Exception e)
        {
            Check(name + " raised " + e, false);
        }
    }

    private static int Main()
    {
        // Statics first: COUNTER must still hold its initial value.
        Run("statics", Statics);
        Run("functions", Functions);
        Run("constants", Constants);
        Run("callbacks", Callbacks);
        Run("tagged unions", TaggedUnions);
        Run("arrays", Arrays);
        Run("everything", Everything);
        Run("layouts", Layouts);
        Console.WriteLine(_passed + " passed, " + _failed + " failed");
        return _failed == 0 ? 0 : 1;
    }

    private static void Statics()
    {
        Check("COUNTER starts at 42", Interop.Counter == 42);
        Interop.Noop();
        Check("noop increments COUNTER, read live", Interop.Counter == 43);
        Interop.Counter = 100;
        Check("COUNTER written from C#", Interop.Counter == 100);
        Interop.Noop();
        Check("Rust sees the C# write", Interop.Counter == 101);
        Vec3 o = Interop.Origin;
        Check("ORIGIN", o.X == 1.5f && o.Y == -2.0f && o.Z == 3.25f);
    }

    private static void Functions()
    {
        Check("add", Interop.Add(2, 3) == 5);
        Check("add wraps", Interop.Add(int.MaxValue, 1) == int.MinValue);

        var v = new Vec3 { X = 1, Y = 2, Z = 3 };
        Vec3 r = Interop.MyGameFunction(ref v);
        Check("my_game_function(ref)", r.X == 2 && r.Y == 4 && r.Z == 6);
        Check("input untouched", v.X == 1 && v.Y == 2 && v.Z == 3);
        Vec3 none = Interop.MyGameFunction(IntPtr.Zero);
        Check("my_game_function(null)", none.X == -1 && none.Y == -1 && none.Z == -1);

        Engine engine = Interop.EngineNew();
        Check("engine_new returns a handle", !engine.IsNull);
        Check("Engine.Null is null", Engine.Null.IsNull);

        IntPtr s = Marshal.StringToHGlobalAnsi("hello");
        try
        {
            Check("name_of", Interop.NameOf(s) == new UIntPtr(5));
        }
        finally
        {
            Marshal.FreeHGlobal(s);
        }
        Check("name_of(null)", Interop.NameOf(IntPtr.Zero) == UIntPtr.Zero);
    }

    private static void Constants()
    {
        Check("MAX_U32", Interop.MaxU32 == uint.MaxValue);
        Check("MIN_I64", Interop.MinI64 == long.MinValue);
        Check("MAX_U64", Interop.MaxU64 == ulong.MaxValue);
        Check("NEG", Interop.Neg == -7);
        Check("HALF", Interop.Half == 0.5f);
        Check("PI", Interop.Pi == Math.PI);
        Check("ENABLED", Interop.Enabled);
        Check("BYTE", Interop.Byte == 200);
    }

    private static void Callbacks()
    {
        int calls = 0;
        using (var cb = new CallbackHandle((value, point) =>
        {
            calls++;
            return value == 7 && point != IntPtr.Zero && Marshal.PtrToStructure<Vec3>(point).Y == 2;
        }))
        using (var maybe = new CallbackHandle((value, point) => value == 9 && point == IntPtr.Zero))
        {
            Check("callback invoked by Rust", Interop.CallBack(cb, Callback.Null) == 1);
            Check("optional callback invoked by Rust", Interop.CallBack(cb, maybe) == 11);
            Check("callback ran twice", calls == 2);

            // The handle roots the delegate: collecting must not invalidate the pointer.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            Check("callback survives GC", Interop.CallBack(cb.Function, maybe.Function) == 11);
            Check("Invoke from C#", cb.Function.Invoke(7, IntPtr.Zero) == false && calls == 4);
        }
        Throws<InvalidOperationException>("Callback.Null.Invoke", () => Callback.Null.Invoke(1, IntPtr.Zero));
        Throws<ArgumentNullException>("new CallbackHandle(null)", () => new CallbackHandle(null));
        var disposed = new CallbackHandle((value, point) => true);
        disposed.Dispose();
        Check("disposed handle yields null", disposed.Function.IsNull);
        disposed.Dispose();
        Check("Dispose is idempotent", disposed.Function.IsNull);
        Check("null handle converts to null", ((Callback)(CallbackHandle)null).IsNull);
    }

    private static void TaggedUnions()
    {
        Shape c = Shape.Circle(2.5f);
        Check("Circle tag", c.Tag == ShapeTag.Circle && c.IsCircle && !c.IsRect && !c.IsEmpty);
        Check("AsCircle", c.AsCircle() == 2.5f);
        Throws<InvalidOperationException>("Circle.AsRect", () => c.AsRect());
        Shape r = Shape.Rect(1.5f, 2.25);
        Shape.RectData d = r.AsRect();
        Check("Rect fields", r.IsRect && d.W == 1.5f && d.H == 2.25);
        Throws<InvalidOperationException>("Rect.AsCircle", () => r.AsCircle());
        Check("Empty", Shape.Empty().IsEmpty && Shape.Empty().Tag == ShapeTag.Empty);
        Check("default Shape is the first variant", default(Shape).IsCircle);
        Event k = Event.Key(42);
        Check("Key", k.IsKey && k.AsKey() == 42 && k.Tag == EventTag.Key);
        Check("Quit", Event.Quit().IsQuit && !Event.Quit().IsKey);
        Throws<InvalidOperationException>("Quit.AsKey", () => Event.Quit().AsKey());
    }

    private static void Arrays()
    {
        U8Array3 a = U8Array3.From(1, 2, 3);
        Check("U8Array3 indexer", a[0] == 1 && a[1] == 2 && a[2] == 3);
        a[1] = 20;
        Check("U8Array3 set", a[1] == 20 && a.ToArray().Length == U8Array3.Length);
        Throws<IndexOutOfRangeException>("U8Array3[3]", () => { byte b = a[3]; });
        Throws<IndexOutOfRangeException>("U8Array3[-1]", () => { byte b = a[-1]; });
        Throws<ArgumentException>("U8Array3.From(2 values)", () => U8Array3.From(1, 2));
        Vec3Array2 p = Vec3Array2.From(new Vec3 { X = 1 }, new Vec3 { Z = 9 });
        Check("Vec3Array2 indexer", p[0].X == 1 && p[1].Z == 9 && p[1].X == 0);
        var nested = U8Array3Array2.From(U8Array3.From(1, 2, 3), U8Array3.From(4, 5, 6));
        Check("nested arrays", nested[1][2] == 6 && nested[0][0] == 1);
    }

    private static Everything Sample(Engine engine, Callback callback, Callback maybe, Color color, Flags flags, Shape shape, Event ev)
    {
        var e = new Everything();
        e.PBool = true;
        e.PChar = 'A';
        e.PCChar = -5;
        e.PU8 = 250;
        e.PU16 = 60000;
        e.PU32 = 123456;
        e.PU64 = ulong.MaxValue - 1;
        e.PI8 = -100;
        e.PI16 = -30000;
        e.PI32 = -2000000000;
        e.PI64 = long.MinValue + 1;
        e.PUsize = new UIntPtr(12345);
        e.PIsize = new IntPtr(-12345);
        e.PF32 = 1.5f;
        e.PF64 = -2.25;
        e.Nz = 9;
        e.Engine = engine;
        e.VoidPtr = new IntPtr(0x1234);
        e.Callback = callback;
        e.MaybeCallback = maybe;
        e.Color = color;
        e.Flags = flags;
        e.Meters = 10.5;
        e.Packed = new Packed { A = 1, B = 0xDEADBEEF };
        e.Aligned = new Aligned { V = 77 };
        e.Pair = new PairF32 { A = 1.25f, B = 2.5f };
        e.Grid = new Grid
        {
            _0 = U8Array3Array2.From(U8Array3.From(1, 2, 3), U8Array3.From(4, 5, 6)),
            _1 = Vec3Array2.From(new Vec3 { X = 1, Y = 2, Z = 3 }, new Vec3 { X = -1, Y = -2, Z = -3 }),
        };
        e.Number = new Number { I = 41 };
        e.Shape = shape;
        e.Event = ev;
        return e;
    }

    private static void Everything()
    {
        Engine engine = Interop.EngineNew();
        uint seen = 0;
        using (var cb = new CallbackHandle((value, point) =>
        {
            seen = value;
            return point != IntPtr.Zero && Marshal.PtrToStructure<Vec3>(point).X == 4;
        }))
        using (var maybe = new CallbackHandle((value, point) => false))
        {
            Everything e = Sample(engine, cb, maybe, Color.Blue, Flags.Some, Shape.Rect(3, 4.5), Event.Key(99));
            var o = new Everything();
            Check("echo_everything calls the callback field", Interop.EchoEverything(e, ref o) && seen == 123456);
            Check("bool", o.PBool == false);
            Check("char", o.PChar == 'B');
            Check("c_char", o.PCChar == -4);
            Check("u8", o.PU8 == 251);
            Check("u16", o.PU16 == 60001);
            Check("u32", o.PU32 == 123457);
            Check("u64", o.PU64 == ulong.MaxValue);
            Check("i8", o.PI8 == -99);
            Check("i16", o.PI16 == -29999);
            Check("i32", o.PI32 == -1999999999);
            Check("i64", o.PI64 == long.MinValue + 2);
            Check("usize", o.PUsize == new UIntPtr(12346));
            Check("isize", o.PIsize == new IntPtr(-12344));
            Check("f32", o.PF32 == 3.0f);
            Check("f64", o.PF64 == -4.5);
            Check("nonzero", o.Nz == 10);
            Check("engine handle", o.Engine.Pointer == engine.Pointer);
            Check("void pointer", o.VoidPtr == new IntPtr(0x1234));
            Check("callback field", o.Callback.Pointer == cb.Function.Pointer);
            Check("optional callback field", o.MaybeCallback.Pointer == maybe.Function.Pointer);
            Check("enum", o.Color == Color.Red);
            Check("u8 enum", o.Flags == Flags.All);
            Check("transparent", o.Meters == 21.0);
            Check("packed", o.Packed.A == 2 && o.Packed.B == 0xDEADBEF0);
            Check("aligned", o.Aligned.V == 78);
            Check("generic", o.Pair.A == 2.5f && o.Pair.B == 5.0f);
            Check("nested array", o.Grid._0[0][0] == 2 && o.Grid._0[0][2] == 4 && o.Grid._0[1][2] == 7);
            Check("struct array", o.Grid._1[0].Y == 4 && o.Grid._1[1].Z == -6);
            Check("union", o.Number.I == 42);
            Check("C tagged union", o.Shape.IsRect && o.Shape.AsRect().W == 6 && o.Shape.AsRect().H == 9);
            Check("u8 tagged union", o.Event.IsKey && o.Event.AsKey() == 100);
            Check("callback field callable from C#", o.Callback.Invoke(5, IntPtr.Zero) == false && seen == 5);

            e = Sample(engine, cb, Callback.Null, Color.Green, Flags.All, Shape.Circle(1.25f), Event.Quit());
            Check("second echo", Interop.EchoEverything(e, ref o));
            Check("enum 2", o.Color == Color.Blue && o.Flags == Flags.None);
            Check("null optional callback", o.MaybeCallback.IsNull);
            Check("circle", o.Shape.IsCircle && o.Shape.AsCircle() == 2.5f);
            Check("quit", o.Event.IsQuit);

            e = Sample(engine, cb, Callback.Null, Color.Red, Flags.None, Shape.Empty(), Event.Quit());
            Check("third echo", Interop.EchoEverything(e, ref o));
            Check("enum 3", o.Color == Color.Green && o.Flags == Flags.Some);
            Check("empty", o.Shape.IsEmpty);
        }
    }

    private static void Layouts()
    {
        foreach (InteropLayout.Entry entry in InteropLayout.Entries())
        {
            Type t = entry.Type.IsEnum ? Enum.GetUnderlyingType(entry.Type) : entry.Type;
            int size = Marshal.SizeOf(t);
            Check("Marshal.SizeOf(" + entry.Type.Name + ") = " + size + ", model " + entry.Size, size == entry.Size);
            for (int i = 0; i < entry.Fields.Length; i++)
            {
                long offset = Marshal.OffsetOf(entry.Type, entry.Fields[i]).ToInt64();
                Check("Marshal.OffsetOf(" + entry.Type.Name + ", " + entry.Fields[i] + ") = " + offset + ", model " + entry.Offsets[i],
                    offset == entry.Offsets[i]);
            }
            if (entry.RustName != null)
            {
                ulong rust = FixtureSizeOf(entry.RustName).ToUInt64();
                Check("rustc size_of::<" + entry.RustName + ">() = " + rust + ", model " + entry.Size, rust == (ulong)entry.Size);
            }
        }
        string[] problems = InteropLayout.Check();
        foreach (string p in problems)
        {
            Console.WriteLine("layout: " + p);
        }
        Check("InteropLayout.Check()", problems.Length == 0);
    }
}
