global using Orleans;
global using Sophia.Chat;
