using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net.Http.Headers;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OpenAI;

namespace Sophia.Agents;

/// <summary>The configured chat model, or the plain statement that there is none.</summary>
public sealed class ChatModel : IDisposable
{
    public const string NotConfiguredReply =
        "No chat model is configured, so I can't answer free text yet, and I won't make an answer up. " +
        "To connect one, set Sophia:Llm:Endpoint (an OpenAI-compatible base URL ending in /v1), Sophia:Llm:Model and Sophia:Llm:ApiKey " +
        "(environment variables Sophia__Llm__Endpoint, Sophia__Llm__Model, Sophia__Llm__ApiKey) and restart Sophia. " +
        "Meanwhile the commands work: /tools lists the tools, /run <tool> [input] runs one, and /plan followed by steps written one per line " +
        "as <researcher|coder> <tool> <input> runs them; planning a goal (/plan <goal>) needs a chat model too.";

    /// <summary>The named HTTP client of model calls: extra headers and retries with backoff on 429, 5xx and timeouts.</summary>
    public const string HttpClientName = "sophia-chat-model";

    /// <summary>The same without retries, for readiness probes that must answer within their budget.</summary>
    public const string ProbeClientName = "sophia-chat-model-probe";

    private readonly HttpClient? _probe;
    private readonly ChatModelOptions _options;

    public ChatModel(IOptions<ChatModelOptions> options, IHttpClientFactory httpClients)
    {
        _options = options.Value;
        if (!_options.IsConfigured)
        {
            Client = new OfflineChatClient();
            return;
        }

        _probe = httpClients.CreateClient(ProbeClientName);
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = new Uri(_options.Endpoint!),
            Transport = new HttpClientPipelineTransport(httpClients.CreateClient(HttpClientName)),
            NetworkTimeout = TimeSpan.FromSeconds(_options.TimeoutSeconds),
            // Retries belong to the HTTP client's resilience handler; two layers would multiply the attempts.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        };
        Client = new OpenAI.Chat.ChatClient(_options.Model!, new ApiKeyCredential(_options.ApiKey!), clientOptions).AsIChatClient();
    }

    /// <summary>The configured model, or the <see cref="OfflineChatClient"/> when there is none.</summary>
    public IChatClient Client { get; }

    public string? ModelId => _options.Model;

    /// <summary>Asks the endpoint for its model list: reachable and accepting our key, or why not.</summary>
    public async Task<(bool Up, string Detail)> ProbeAsync(CancellationToken cancellationToken)
    {
        if (_probe is null)
        {
            return (true, "not configured: offline mode, replies say how to configure a model");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, _options.Endpoint!.TrimEnd('/') + "/models");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ApiKey);
        try
        {
            using var response = await _probe.SendAsync(request, cancellationToken);
            return response.IsSuccessStatusCode
                ? (true, $"{_options.Model} at {request.RequestUri!.GetLeftPart(UriPartial.Authority)}")
                : (false, $"{request.RequestUri!.GetLeftPart(UriPartial.Authority)} answered {(int)response.StatusCode} {response.ReasonPhrase}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return (false, $"{request.RequestUri!.GetLeftPart(UriPartial.Authority)} unreachable: {ex.Message}");
        }
    }

    public void Dispose() => Client.Dispose();
}
