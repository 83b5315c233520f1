using Sophia.ClientApi.Hosting;
using Sophia.Silo.Hosting;

return SophiaHost.Run(() => SophiaWebApp.Create(args));
