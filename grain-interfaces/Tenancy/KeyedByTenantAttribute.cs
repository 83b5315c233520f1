namespace Sophia.Tenancy;

/// <summary>Marks a grain interface whose whole key is a tenant id (no <c>/local</c> part).</summary>
[AttributeUsage(AttributeTargets.Interface)]
public sealed class KeyedByTenantAttribute : Attribute;
