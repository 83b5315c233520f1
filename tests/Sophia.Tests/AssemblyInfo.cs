// Cluster tests kill processes and restart the shared Redis and PostgreSQL, and measure failover times on two
// cores: running test classes one at a time keeps them from disturbing each other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
