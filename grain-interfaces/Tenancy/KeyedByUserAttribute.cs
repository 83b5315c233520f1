namespace Sophia.Tenancy;

/// <summary>Marks a grain interface keyed <c>tenant/user</c>: a client may call it only for the user it signed in as.</summary>
[AttributeUsage(AttributeTargets.Interface)]
public sealed class KeyedByUserAttribute : Attribute;
