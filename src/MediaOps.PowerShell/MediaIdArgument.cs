using System;
using System.Collections;
using System.Management.Automation;

namespace MediaOps.PowerShell
{
    /// <summary>
    /// On id parameters (-AssetId, -JobId, ...) that take piped strings: only strings (and Guids) become ids, so that an
    /// unrelated piped object binds nothing — neither itself turned into a string nor a number-valued property such as a
    /// process's Id — and the command reports that instead of acting on (or asking to delete) '13094'.
    /// </summary>
    /// <remarks>
    /// PowerShell first offers a piped object to these parameters as it is, before it binds by property name; throwing
    /// then would fail the binding of a MediaOps object whose AssetId would bind next. So anything else becomes a value
    /// that converts to no string: it never binds as it is, and the binder reports it when it tries to convert it.
    /// </remarks>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class MediaIdTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            if (value is null || value is string || value is Guid || value is IEnumerable) return value;
            return new NotAnId(value.GetType().Name);
        }

        private sealed class NotAnId
        {
            private readonly string _typeName;

            public NotAnId(string typeName) => _typeName = typeName;

            public override string ToString() => throw new ArgumentTransformationMetadataException(
                $"A {_typeName} is not a MediaOps id. Give an id string (such as nb:cid:UUID:<guid>) or pipe the objects of MediaOps cmdlets.");
        }
    }
}
