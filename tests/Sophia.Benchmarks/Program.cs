using Sophia.Benchmarks;

return args.FirstOrDefault() switch
{
    "turn" => await TurnOverheadBenchmark.RunAsync(),
    "append" => await AppendCostBenchmark.RunAsync(),
    "failover" => await FailoverBenchmark.RunAsync(),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project tests/Sophia.Benchmarks -- turn|append|failover");
    Console.Error.WriteLine("append and failover need Redis and PostgreSQL: infra/local/services.sh start; eval \"$(infra/local/services.sh env)\"");
    return 2;
}
