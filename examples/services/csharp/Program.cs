// Drives the `services` example engine from C# through the generated Services.cs.
//
// The same world as python/main.py: created with a name and gravity (a static factory that
// throws), bodies added one by one and from an array (a slice of `Vec2`, pinned, no copy), a
// landing listener (any delegate: kept alive until Rust drops it), stepping, positions back as
// `Vec2?` and as an array, a description string (freed for us), errors as exceptions and
// `Dispose` through `using`. Exits non-zero if any value is wrong.
using System;
using System.Collections.Generic;
using Services;

public static class Program
{
    static int failures;

    static void Check(bool ok, string what)
    {
        if (!ok)
        {
            failures++;
            Console.WriteLine("C#: WRONG: " + what);
        }
    }

    static string Round(float v) => Math.Round(v, 2).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);

    public static int Main()
    {
        var landings = new List<KeyValuePair<uint, float>>();
        uint count;
        Engine engine;
        using (engine = Engine.Create("demo world", -9.81f))
        {
            engine.OnLanding((body, speed) => landings.Add(new KeyValuePair<uint, float>(body, speed)));
            uint first = engine.AddBody(new Vec2 { X = 0, Y = 10 }, new Vec2 { X = 1, Y = 0 });
            engine.AddBodies(new[] { new Vec2 { X = 5, Y = 1 }, new Vec2 { X = 6, Y = 2 } });
            for (int i = 0; i < 200; i++) engine.Step(0.01f);

            string description = engine.Describe();
            Console.WriteLine("C#: " + description);
            Check(description == "demo world: 3 bodies after 2.00s", "Describe() = " + description);

            Vec2? p0 = engine.Position(first);
            Vec2? unknown = engine.Position(99);
            Console.WriteLine("C#: body " + first + " at " + (p0.HasValue ? "(" + Round(p0.Value.X) + ", " + Round(p0.Value.Y) + ")" : "null")
                + ", unknown body -> " + (unknown.HasValue ? "a value" : "null"));
            Check(first == 0, "AddBody returned " + first);
            Check(p0.HasValue && Round(p0.Value.X) == "1.43" && p0.Value.Y == 0, "Position(0)");
            Check(!unknown.HasValue, "Position(99) has a value");

            Vec2[] positions = engine.Positions();
            var shown = new List<string>();
            foreach (Vec2 p in positions) shown.Add("(" + Round(p.X) + ", " + Round(p.Y) + ")");
            Console.WriteLine("C#: positions [" + string.Join(", ", shown) + "]");
            Check(string.Join(", ", shown) == "(1.43, 0.00), (5.00, 0.00), (6.00, 0.00)", "Positions()");

            landings.Sort((a, b) => a.Key.CompareTo(b.Key));
            var landed = new List<string>();
            foreach (var l in landings) landed.Add("(" + l.Key + ", " + Round(l.Value) + ")");
            Console.WriteLine("C#: landings (body, speed) [" + string.Join(", ", landed) + "]");
            Check(string.Join(", ", landed) == "(0, 14.03), (1, 4.41), (2, 6.28)", "landings");

            try
            {
                engine.Step(0.0f);
                Check(false, "Step(0) did not throw");
            }
            catch (EngineErrorException e)
            {
                Console.WriteLine("C#: Step(0) threw " + e.GetType().Name + ": " + e.Error);
                Check(e.Error == EngineError.InvalidArgument, "Step(0) error " + e.Error);
            }
            count = engine.BodyCount();
            Check(count == 3, "BodyCount() = " + count);
            Check(Round(engine.Time()) == "2.00", "Time() = " + engine.Time());
        }

        Check(engine.IsDisposed, "not disposed after using");
        try
        {
            engine.Time();
            Check(false, "Time() after Dispose did not throw");
        }
        catch (ObjectDisposedException)
        {
            Console.WriteLine("C#: the engine is disposed after the using block");
        }
        engine.Dispose(); // a second Dispose is harmless

        try
        {
            Engine.Create("no gravity", float.NaN).Dispose();
            Check(false, "Create with NaN gravity did not throw");
        }
        catch (EngineErrorException e)
        {
            Console.WriteLine("C#: a NaN gravity threw " + e.Error);
            Check(e.Error == EngineError.InvalidArgument, "NaN gravity error " + e.Error);
        }

        // Many engines created and released: nothing leaks, nothing is used after free.
        for (int i = 0; i < 1000; i++)
        {
            using (Engine e = Engine.Create("loop " + i, -1.0f))
            {
                e.AddBodies(new[] { new Vec2 { X = i, Y = 1 } });
                e.OnLanding((body, speed) => { });
                e.Step(2.0f);
                if (e.Describe() != "loop " + i + ": 1 bodies after 2.00s") Check(false, "loop " + i + " Describe()");
            }
        }

        string[] layoutProblems = InteropLayout.Check();
        foreach (string p in layoutProblems) Check(false, "layout: " + p);

        Console.WriteLine("C#: services example " + (failures == 0 ? "passed" : "FAILED (" + failures + " wrong)"));
        return failures == 0 ? 0 : 1;
    }
}
