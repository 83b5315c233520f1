"use strict";

/** Connecting and disconnecting an integration from the Data Training tab: the provider's JSON as README documents it. */
const IntegrationConnect = (() => {
  // One template per way of connecting; the admin fills in the blanks.
  const kinds = [
    { label: "GitHub (personal access token)", route: "github", settings: { baseUrl: "https://api.github.com/", token: "", repositories: ["owner/repo"] } },
    { label: "GitHub (GitHub App)", route: "github", settings: { baseUrl: "https://api.github.com/", appId: "", installationId: 0, privateKey: "", repositories: ["owner/repo"] } },
    { label: "Web search (Brave)", route: "web-search", settings: { provider: "brave", apiKey: "" } },
    { label: "Web search (SearXNG)", route: "web-search", settings: { provider: "searxng", baseUrl: "https://search.example.com" } },
    { label: "Gong", route: "gong", settings: { baseUrl: "https://us-12345.api.gong.io", accessKey: "", accessKeySecret: "" } },
    { label: "HubSpot (private app token)", route: "hubspot", settings: { baseUrl: "https://api.hubapi.com", accessToken: "" } },
    { label: "HubSpot (OAuth app, then consent)", route: "hubspot", settings: { baseUrl: "https://api.hubapi.com", clientId: "", clientSecret: "" } },
    { label: "Salesforce (OAuth app, then consent)", route: "salesforce", settings: { loginUrl: "https://login.salesforce.com", clientId: "", clientSecret: "" } },
    { label: "MCP server", route: "mcp", settings: { url: "https://mcp.example.com/mcp", headers: {}, safeTools: [] } },
  ];

  /** The path of an integration by its name: "mcp:docs" lives at mcp/docs. */
  function route(name) {
    return name.startsWith("mcp:") ? `mcp/${encodeURIComponent(name.slice(4))}` : encodeURIComponent(name);
  }

  function form(onChanged) {
    const say = statusLine();
    const kind = h("select", { id: "connect-kind" }, kinds.map((k, i) => new Option(k.label, String(i))));
    const mcpName = h("input", { id: "connect-mcp-name", placeholder: "docs", maxlength: "32", autocomplete: "off" });
    const mcpLabel = h("label", { hidden: true }, "Name of the MCP server (lower-case letters, digits, dashes)", mcpName);
    const settings = h("textarea", { id: "connect-settings", rows: "7", spellcheck: "false", class: "data-connect-json" });
    const consent = h("p", { class: "hint", hidden: true });
    const choose = () => {
      const k = kinds[Number(kind.value)];
      settings.value = JSON.stringify(k.settings, null, 2);
      mcpLabel.hidden = k.route !== "mcp";
    };
    kind.addEventListener("change", choose);
    choose();

    const submit = async (e) => {
      e.preventDefault();
      consent.hidden = true;
      const k = kinds[Number(kind.value)];
      let body;
      try { body = JSON.parse(settings.value); } catch (err) { say.say(`The settings are not valid JSON: ${err.message}`, true); return; }
      const path = k.route === "mcp" ? `mcp/${encodeURIComponent(mcpName.value.trim())}` : k.route;
      try {
        say.say(`Checking with ${k.label}…`);
        const connected = await api(`/api/integrations/${path}`, { method: "PUT", body: JSON.stringify(body) });
        if (connected.state === "awaiting-consent") {
          consent.replaceChildren("Saved. An admin of the provider now consents: ",
            h("a", { href: `/api/integrations/${path}/connect` }, `continue to ${k.label.replace(/ \(.*$/, "")}`), ".");
          consent.hidden = false;
        }
        say.say(`${connected.name} is ${connected.state}.`);
        await onChanged();
      } catch (err) { if (!(err instanceof SessionEnded)) say.say(errorText(err), true); }
    };

    return h("form", { id: "connect-integration", class: "data-connect", on: { submit } },
      h("h4", {}, "Connect an integration"),
      h("label", {}, "Provider", kind),
      mcpLabel,
      h("label", {}, "Settings (JSON; credentials are kept encrypted and never shown again)", settings),
      h("div", { class: "actions" }, h("button", { type: "submit" }, "Connect")),
      consent,
      say);
  }

  function disconnectButton(integration, onChanged, say) {
    return h("button", {
      type: "button", class: "danger small", "aria-label": `Disconnect ${integration.name}`,
      on: {
        click: async () => {
          if (!confirm(`Disconnect ${integration.name}? Its settings, credentials and tools are removed.`)) return;
          try { await api(`/api/integrations/${route(integration.name)}`, { method: "DELETE" }); await onChanged(); }
          catch (err) { if (!(err instanceof SessionEnded)) say(errorText(err)); }
        },
      },
    }, "Disconnect");
  }

  return { form, disconnectButton, route };
})();
