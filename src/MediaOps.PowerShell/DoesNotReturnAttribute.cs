// netstandard2.0 lacks this attribute; the compiler recognises it by name, so nullable analysis knows
// that the terminating-error helpers never return.
namespace System.Diagnostics.CodeAnalysis
{
    [AttributeUsage(AttributeTargets.Method, Inherited = false)]
    internal sealed class DoesNotReturnAttribute : Attribute
    {
    }
}
