global using Orleans;
global using Sophia.Chat;
global using Sophia.Tests.Infrastructure;
global using Xunit;
