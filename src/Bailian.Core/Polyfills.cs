// netstandard2.0 lacks a few compiler-support types that newer C# features need. Declaring them
// internally lets the compiler use records, init accessors and nullable flow analysis here.
#pragma warning disable IDE0130 // these must live in the BCL's namespaces for the compiler to find them
namespace System.Runtime.CompilerServices
{
    internal static class IsExternalInit { }
}

namespace System.Diagnostics.CodeAnalysis
{
    [AttributeUsage(AttributeTargets.Parameter)]
    internal sealed class NotNullWhenAttribute(bool returnValue) : Attribute
    {
        public bool ReturnValue { get; } = returnValue;
    }

    [AttributeUsage(AttributeTargets.Method)]
    internal sealed class DoesNotReturnAttribute : Attribute { }
}
