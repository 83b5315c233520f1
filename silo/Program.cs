using Sophia.Silo.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.AddSophiaSilo();
builder.Build().Run();
