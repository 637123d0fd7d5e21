// Calls the Rust library through the generated HelloWorld.cs.
using System;
using HelloWorld;

public static class Program
{
    public static int Main()
    {
        var input = new Vec3 { X = 1, Y = 2, Z = 3 };
        Vec3 moved = Interop.MyGameFunction(ref input);
        Vec3 fromOrigin = Interop.MyGameFunction(IntPtr.Zero);
        Console.WriteLine("C#: MyGameFunction({1, 2, 3}) = {" + moved.X + ", " + moved.Y + ", " + moved.Z + "}");
        Console.WriteLine("C#: MyGameFunction(null) = {" + fromOrigin.X + ", " + fromOrigin.Y + ", " + fromOrigin.Z + "}");
        string[] layoutProblems = InteropLayout.Check();
        foreach (string p in layoutProblems) Console.WriteLine("layout: " + p);
        return moved.Y == 3 && fromOrigin.Y == 1 && layoutProblems.Length == 0 ? 0 : 1;
    }
}
