using Sophia.Load;

return args.FirstOrDefault() switch
{
    "run" or "smoke" => await LoadCommand.RunAsync(args),
    "echo-hub" when args.Length == 2 => await EchoHub.RunAsync(args[1]),
    "idle" => await IdleConversations.RunAsync(int.TryParse(args.ElementAtOrDefault(1), out var count) ? count : 2000),
    _ => LoadCommand.Usage(),
};
