using Sophia.Benchmarks;

return args.FirstOrDefault() switch
{
    "append" => await AppendCostBenchmark.RunAsync(),
    "failover" => await FailoverBenchmark.RunAsync(),
    "ingest" => await IngestionThroughputBenchmark.RunAsync(documents: int.TryParse(args.ElementAtOrDefault(1), out var documents) ? documents : 8),
    "recall" => await RecallLatencyBenchmark.RunAsync(),
    "swarm" => await SwarmBenchmark.RunAsync(),
    "signin" => await SignInBenchmark.RunAsync(),
    "gong" => await GongSyncBenchmark.RunAsync(calls: int.TryParse(args.ElementAtOrDefault(1), out var calls) ? calls : 2000),
    "embed" => await EmbeddingRoutingBenchmark.RunAsync(chunks: int.TryParse(args.ElementAtOrDefault(1), out var chunks) ? chunks : 192),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project tests/Sophia.Benchmarks -- append|failover|swarm|ingest [documents]|recall|embed [chunks]|signin|gong [calls]");
    Console.Error.WriteLine("Chat turns under load: tests/Sophia.Load. append and failover need Redis and PostgreSQL: infra/local/services.sh start; eval \"$(infra/local/services.sh env)\"");
    return 2;
}
