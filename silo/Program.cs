using Sophia.Silo.EmbedWorker;
using Sophia.Silo.Hosting;

if (args is ["migrate", ..])
{
    return await SiloCommands.MigrateAsync(args[1..]);
}

if (args is ["ops", ..])
{
    return await OpsCommands.RunAsync(args[1..]);
}

if (args is ["backup", ..])
{
    return await EmbeddedBackupCommands.BackupAsync(args[1..]);
}

if (args is ["restore", ..])
{
    return await EmbeddedBackupCommands.RestoreAsync(args[1..]);
}

if (args is ["certificate", ..])
{
    return ClusterCertificate.Run(args[1..]);
}

if (EmbedWorkerHost.IsRequested(args))
{
    await EmbedWorkerHost.Create(args).RunAsync();
    return 0;
}

return SophiaHost.Run(() => SiloWebHost.Create(args));
