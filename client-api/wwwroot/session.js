"use strict";

const $ = (id) => document.getElementById(id);

// The session itself is an HttpOnly cookie the page never reads; the page keeps only who signed in and the antiforgery token.
const session = { me: null, csrf: null, onSignedIn: async () => {}, onSignedOut: () => {} };
const unsafeMethods = new Set(["POST", "PUT", "PATCH", "DELETE"]);

class SessionEnded extends Error {}

async function fetchAntiforgery() {
  const response = await fetch("/api/auth/antiforgery", { credentials: "same-origin" });
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
  session.csrf = (await response.json()).token;
  return session.csrf;
}

/** Sends a request on the session cookie, with the antiforgery token on unsafe methods; answers the response and its JSON body. */
async function send(path, options = {}) {
  const method = (options.method || "GET").toUpperCase();
  const headers = { "Content-Type": "application/json", ...options.headers };
  if (unsafeMethods.has(method)) headers["X-CSRF-TOKEN"] = session.csrf ?? await fetchAntiforgery();
  const response = await fetch(path, { ...options, method, headers, credentials: "same-origin" });
  const body = response.status === 204 ? null : await response.json().catch(() => null);
  return { response, body };
}

/** The JSON answer of a signed-in request; a 401 returns to the sign-in screen. */
async function api(path, options = {}) {
  const { response, body } = await send(path, options);
  if (response.status === 401) {
    const why = body?.title || "Your session ended: sign in again.";
    endSession(why);
    throw new SessionEnded(why);
  }
  if (!response.ok) throw new Error(body?.title || `${response.status} ${response.statusText}`);
  return body;
}

function endSession(message) {
  session.me = null;
  session.csrf = null;
  session.onSignedOut();
  showLogin(message);
}

async function enter(me) {
  session.me = me ?? await api("/api/me");
  // The antiforgery token is bound to the signed-in user, so one read before sign-in no longer counts.
  await fetchAntiforgery();
  $("login").hidden = $("invite").hidden = true;
  $("app").hidden = false;
  await session.onSignedIn(session.me);
}

function showLogin(message = "") {
  $("app").hidden = $("invite").hidden = true;
  $("login").hidden = false;
  $("password").value = "";
  askForNewPassword(false);
  $("login-error").textContent = message;
  loadProviders();
}

let providersLoaded = false;
async function loadProviders() {
  if (providersLoaded) return;
  providersLoaded = true;
  const { response, body } = await send("/api/auth/providers").catch(() => ({ response: { ok: false } }));
  // A gateway without single sign-on answers 404 or { oidc: null }.
  if (!response.ok || !body?.oidc) return;
  $("sso").textContent = `Sign in with ${body.oidc.displayName}`;
  $("sso").href = `${body.oidc.loginUrl}?returnUrl=/`;
  $("sso").hidden = false;
}

function askForNewPassword(ask) {
  $("new-password-fields").hidden = $("new-password-fields").disabled = !ask;
  if (!ask) $("new-password").value = $("new-password-again").value = "";
}

async function signIn(tenant, username, password, newPassword) {
  const { response, body } = await send("/api/auth/login", { method: "POST", body: JSON.stringify({ tenant: tenant || "default", username, password, newPassword }) });
  if (response.ok) return true;
  if (body?.passwordChangeRequired && response.status === 403) return false;
  throw new Error(body?.title || `${response.status} ${response.statusText}`);
}

$("login-form").onsubmit = async (e) => {
  e.preventDefault();
  $("login-error").textContent = "";
  const changing = !$("new-password-fields").hidden;
  if (changing && $("new-password").value !== $("new-password-again").value) {
    $("login-error").textContent = "The two new passwords differ.";
    return;
  }
  try {
    session.csrf = null;
    const signedIn = await signIn($("tenant").value.trim(), $("username").value.trim(), $("password").value, changing ? $("new-password").value : undefined);
    if (!signedIn) {
      askForNewPassword(true);
      $("new-password").focus();
      return;
    }
    askForNewPassword(false);
    await enter();
  } catch (err) { $("login-error").textContent = err.message; }
};

function showInvite(token) {
  $("app").hidden = $("login").hidden = true;
  $("invite").hidden = false;
  $("invite-form").onsubmit = async (e) => {
    e.preventDefault();
    $("invite-error").textContent = "";
    const password = $("invite-password").value;
    if (password !== $("invite-password-again").value) {
      $("invite-error").textContent = "The two passwords differ.";
      return;
    }
    try {
      const { response, body } = await send(`/api/invitations/${encodeURIComponent(token)}/accept`, {
        method: "POST", body: JSON.stringify({ username: $("invite-username").value.trim() || null, password }),
      });
      if (!response.ok) throw new Error(body?.title || `${response.status} ${response.statusText}`);
      session.csrf = null;
      await signIn(body.tenant, body.username, password);
      history.replaceState(null, "", "/");
      await enter();
    } catch (err) { $("invite-error").textContent = err.message; }
  };
  $("invite-username").focus();
}

async function signOut() {
  try { await send("/api/auth/logout", { method: "POST" }); } catch { /* The local session ends either way. */ }
  endSession("");
}

async function boot() {
  const params = new URLSearchParams(location.search);
  const signinError = params.get("signin_error");
  if (signinError) history.replaceState(null, "", location.pathname);
  const invitation = location.pathname.match(/^\/invite\/([^/]+)$/);
  if (invitation) { showInvite(decodeURIComponent(invitation[1])); return; }
  const { response, body } = await send("/api/me").catch(() => ({ response: { ok: false } }));
  if (!response.ok) { showLogin(signinError || ""); return; }
  try { await enter(body); } catch (err) { if (!(err instanceof SessionEnded)) showLogin(err.message); }
}
