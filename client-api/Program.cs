using Sophia.ClientApi.Hosting;

SophiaWebApp.Create(args).Run();
