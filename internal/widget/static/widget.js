/*! handoff website widget — <script src="https://your-handoff/widget.js" data-channel="web" defer></script> */
(function () {
  "use strict";
  if (window.HandoffWidget) return;

  var script = document.currentScript || document.querySelector('script[src*="widget.js"]');
  var base = new URL(script ? script.src : "/widget.js", location.href);
  var origin = base.origin;
  var channel = (script && script.getAttribute("data-channel")) || "web";
  var customerName = script && script.getAttribute("data-customer-name");
  var customerEmail = script && script.getAttribute("data-customer-email");
  var storeKey = "handoff.widget." + channel + "@" + origin;

  var CSS = [
    ":host{all:initial}",
    "*{box-sizing:border-box}",
    ".hw{--accent:#4f46e5;--human:#047857;--text:#111827;--muted:#6b7280;font-family:ui-sans-serif,system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;font-size:14px;line-height:1.45;color:var(--text)}",
    ".hw-launcher{position:fixed;right:24px;bottom:24px;width:58px;height:58px;border-radius:50%;border:0;background:var(--accent);color:#fff;cursor:pointer;box-shadow:0 8px 24px rgba(79,70,229,.35),0 2px 6px rgba(0,0,0,.15);display:grid;place-items:center;z-index:2147483000;transition:transform .15s}",
    ".hw-launcher:hover{transform:scale(1.05)}",
    ".hw-launcher svg{width:26px;height:26px}",
    ".hw-dot{position:absolute;top:4px;right:4px;width:14px;height:14px;border-radius:50%;background:#f97316;border:2px solid #fff}",
    ".hw-panel{position:fixed;right:24px;bottom:96px;width:372px;height:580px;max-height:calc(100vh - 120px);background:#fff;border-radius:18px;box-shadow:0 24px 60px rgba(15,23,42,.28),0 4px 12px rgba(15,23,42,.12);display:flex;flex-direction:column;overflow:hidden;z-index:2147483000;border:1px solid rgba(15,23,42,.08)}",
    "@media (max-width:480px){.hw-panel{right:0;bottom:0;width:100vw;height:100vh;max-height:none;border-radius:0}}",
    ".hw-head{display:flex;align-items:center;gap:12px;padding:16px 16px 14px;background:linear-gradient(135deg,#4f46e5,#6366f1);color:#fff}",
    ".hw-head[data-state=human_active]{background:linear-gradient(135deg,#047857,#059669)}",
    ".hw-head[data-state=paused]{background:linear-gradient(135deg,#b45309,#d97706)}",
    ".hw-head[data-state=closed]{background:linear-gradient(135deg,#374151,#4b5563)}",
    ".hw-avatar{width:40px;height:40px;border-radius:50%;background:rgba(255,255,255,.2);display:grid;place-items:center;font-weight:700;font-size:16px;flex:none}",
    ".hw-titles{flex:1;min-width:0}",
    ".hw-title{font-weight:700;font-size:15px;display:flex;align-items:center;gap:6px}",
    ".hw-sub{font-size:12px;opacity:.9}",
    ".hw-close{background:rgba(255,255,255,.15);border:0;color:#fff;width:30px;height:30px;border-radius:8px;cursor:pointer;font-size:18px;line-height:1}",
    ".hw-badge-human{background:#fff;color:var(--human);font-size:10px;font-weight:800;letter-spacing:.08em;border-radius:4px;padding:1px 6px}",
    ".hw-list{flex:1;overflow-y:auto;padding:16px;display:flex;flex-direction:column;gap:10px;background:#f8fafc}",
    ".hw-empty{color:var(--muted);text-align:center;margin:auto 12px;font-size:13px}",
    ".hw-msg{display:flex;flex-direction:column;max-width:84%}",
    ".hw-msg[data-role=customer]{align-self:flex-end;align-items:flex-end}",
    ".hw-msg[data-role=ai],.hw-msg[data-role=agent]{align-self:flex-start}",
    ".hw-msg[data-role=system]{align-self:center;max-width:92%}",
    ".hw-author{font-size:11px;color:var(--muted);font-weight:600;margin:0 0 3px 4px;display:flex;align-items:center;gap:5px}",
    ".hw-msg[data-role=agent] .hw-author{color:var(--human)}",
    ".hw-msg[data-role=agent] .hw-badge-human{background:var(--human);color:#fff}",
    ".hw-text{padding:9px 13px;border-radius:16px;white-space:pre-wrap;overflow-wrap:anywhere}",
    ".hw-msg[data-role=customer] .hw-text{background:var(--accent);color:#fff;border-bottom-right-radius:5px}",
    ".hw-msg[data-role=ai] .hw-text{background:#fff;border:1px solid #e5e7eb;border-bottom-left-radius:5px}",
    ".hw-msg[data-role=agent] .hw-text{background:#ecfdf5;border:1px solid #a7f3d0;border-bottom-left-radius:5px}",
    ".hw-msg[data-role=system] .hw-text{background:transparent;color:var(--muted);font-size:12px;text-align:center;padding:2px 8px}",
    ".hw-msg[data-pending] .hw-text{opacity:.6}",
    ".hw-fail{font-size:11px;color:#b91c1c;margin-top:3px}",
    ".hw-fail button{background:none;border:0;color:#b91c1c;text-decoration:underline;cursor:pointer;font:inherit;padding:0}",
    ".hw-typing{padding:4px 18px 6px;font-size:12px;color:var(--muted);display:flex;align-items:center;gap:6px;background:#f8fafc}",
    ".hw-dots{display:inline-flex;gap:3px}.hw-dots i{width:5px;height:5px;border-radius:50%;background:#9ca3af;animation:hwb 1.2s infinite}",
    ".hw-dots i:nth-child(2){animation-delay:.2s}.hw-dots i:nth-child(3){animation-delay:.4s}",
    "@keyframes hwb{0%,80%,100%{opacity:.25}40%{opacity:1}}",
    ".hw-form{display:flex;gap:8px;padding:12px;border-top:1px solid #e5e7eb;background:#fff;align-items:flex-end}",
    ".hw-input{flex:1;resize:none;border:1px solid #d1d5db;border-radius:12px;padding:9px 12px;font:inherit;max-height:120px;min-height:40px;color:var(--text);background:#fff}",
    ".hw-input:focus{outline:2px solid rgba(79,70,229,.35);border-color:var(--accent)}",
    ".hw-send{border:0;background:var(--accent);color:#fff;border-radius:12px;height:40px;padding:0 14px;font-weight:700;cursor:pointer;font:inherit;font-weight:700}",
    ".hw-send:disabled{opacity:.5;cursor:default}",
    ".hw-foot{font-size:11px;color:#9ca3af;text-align:center;padding:0 0 8px;background:#fff}",
    "[hidden]{display:none!important}"
  ].join("\n");

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  function icon(path) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("fill", "none");
    svg.setAttribute("stroke", "currentColor");
    svg.setAttribute("stroke-width", "2");
    svg.setAttribute("stroke-linecap", "round");
    svg.setAttribute("stroke-linejoin", "round");
    var p = document.createElementNS(ns, "path");
    p.setAttribute("d", path);
    svg.appendChild(p);
    return svg;
  }
  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID().replace(/-/g, "");
    return Date.now().toString(36) + Math.random().toString(36).slice(2, 12);
  }
  function load() {
    try { return JSON.parse(localStorage.getItem(storeKey) || "{}") || {}; } catch (e) { return {}; }
  }
  function save() {
    try { localStorage.setItem(storeKey, JSON.stringify({ token: st.token, open: st.open })); } catch (e) { /* private mode */ }
  }

  var saved = load();
  var st = { token: saved.token || "", open: !!saved.open, state: "", agent: "", team: "", last: 0, sock: null, attempt: 0, pending: {}, live: false };

  // ---- DOM ----
  var host = el("div");
  host.id = "handoff-widget";
  host.setAttribute("data-channel", channel);
  host.setAttribute("data-state", "idle");
  var announcer = el("div");
  announcer.className = "handoff-widget-announcer";
  announcer.setAttribute("role", "log");
  announcer.setAttribute("aria-live", "polite");
  announcer.setAttribute("aria-label", "Chat messages");
  var a = announcer.style;
  a.position = "absolute"; a.width = "1px"; a.height = "1px"; a.overflow = "hidden"; a.clip = "rect(0 0 0 0)"; a.whiteSpace = "nowrap";
  var root = host.attachShadow({ mode: "open" });
  try {
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
  } catch (e) {
    root.appendChild(el("style", null, CSS));
  }
  var wrap = el("div", "hw");
  root.appendChild(wrap);

  var launcher = el("button", "hw-launcher");
  launcher.type = "button";
  launcher.setAttribute("aria-label", "Open chat");
  launcher.appendChild(icon("M21 12a8 8 0 0 1-11.6 7.1L4 20l1.1-4.6A8 8 0 1 1 21 12z"));
  var dot = el("span", "hw-dot");
  dot.hidden = true;
  launcher.appendChild(dot);

  var panel = el("section", "hw-panel");
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-label", "Chat");
  panel.hidden = true;
  var head = el("header", "hw-head");
  var avatar = el("div", "hw-avatar", "AI");
  var titles = el("div", "hw-titles");
  var title = el("div", "hw-title", "AI Assistant");
  var sub = el("div", "hw-sub", "Ask us anything — a person is one message away.");
  titles.appendChild(title);
  titles.appendChild(sub);
  var closeBtn = el("button", "hw-close", "×");
  closeBtn.type = "button";
  closeBtn.setAttribute("aria-label", "Close chat");
  head.appendChild(avatar);
  head.appendChild(titles);
  head.appendChild(closeBtn);
  var list = el("div", "hw-list");
  var empty = el("p", "hw-empty", "Hi! I'm the AI assistant. Ask about orders, shipping or returns — and ask for a person any time.");
  list.appendChild(empty);
  var typing = el("div", "hw-typing");
  typing.hidden = true;
  var dots = el("span", "hw-dots");
  dots.appendChild(el("i")); dots.appendChild(el("i")); dots.appendChild(el("i"));
  var typingText = el("span", "hw-typing-text", "");
  typing.appendChild(dots);
  typing.appendChild(typingText);
  var form = el("form", "hw-form");
  var input = el("textarea", "hw-input");
  input.rows = 1;
  input.maxLength = 10000;
  input.placeholder = "Write a message…";
  input.setAttribute("aria-label", "Message");
  var send = el("button", "hw-send", "Send");
  send.type = "submit";
  form.appendChild(input);
  form.appendChild(send);
  var foot = el("div", "hw-foot", "Powered by handoff");
  panel.appendChild(head);
  panel.appendChild(list);
  panel.appendChild(typing);
  panel.appendChild(form);
  panel.appendChild(foot);
  wrap.appendChild(panel);
  wrap.appendChild(launcher);

  // ---- rendering ----
  function scrollDown() { list.scrollTop = list.scrollHeight; }

  function renderHeader() {
    head.setAttribute("data-state", st.state || "ai_active");
    host.setAttribute("data-state", st.state || "idle");
    title.replaceChildren();
    if (st.state === "human_active") {
      title.appendChild(document.createTextNode(st.agent || "Support team"));
      title.appendChild(el("span", "hw-badge-human", "HUMAN"));
      sub.textContent = (st.team ? st.team + " · " : "") + "a person is answering you";
      avatar.textContent = (st.agent || "S").charAt(0).toUpperCase();
    } else if (st.state === "paused") {
      title.textContent = "Connecting you to our team";
      sub.textContent = "A person will join shortly — no need to repeat anything.";
      avatar.textContent = "…";
    } else if (st.state === "closed") {
      title.textContent = "Conversation closed";
      sub.textContent = "Write again any time.";
      avatar.textContent = "✓";
    } else {
      title.textContent = "AI Assistant";
      sub.textContent = "Ask us anything — a person is one message away.";
      avatar.textContent = "AI";
    }
  }

  function bubble(m) {
    var node = el("div", "hw-msg");
    node.setAttribute("data-role", m.role);
    if (m.id) node.setAttribute("data-id", String(m.id));
    if (m.client_id) node.setAttribute("data-client-id", m.client_id);
    if (m.role === "ai" || m.role === "agent") {
      var author = el("div", "hw-author", m.author || (m.role === "ai" ? "AI Assistant" : "Support team"));
      if (m.human) author.appendChild(el("span", "hw-badge-human", "HUMAN"));
      node.appendChild(author);
    }
    node.appendChild(el("div", "hw-text", m.text));
    return node;
  }

  function announce(m) {
    if (m.role === "customer") return;
    var who = m.role === "system" ? "" : (m.author || "AI Assistant") + ": ";
    announcer.appendChild(el("p", null, who + m.text));
    while (announcer.childNodes.length > 5) announcer.removeChild(announcer.firstChild);
  }

  function addMessage(m, fromLive) {
    if (m.id && list.querySelector('[data-id="' + m.id + '"]')) return;
    empty.hidden = true;
    var node = bubble(m);
    var pending = m.client_id ? list.querySelector('[data-client-id="' + m.client_id + '"]') : null;
    if (pending) {
      pending.replaceWith(node);
      delete st.pending[m.client_id];
    } else {
      list.appendChild(node);
    }
    if (m.role === "ai" || m.role === "agent" || m.role === "system") {
      if (m.role !== "system" || st.typingRole === "ai") hideTyping();
      if (fromLive) {
        announce(m);
        if (!st.open) dot.hidden = false;
      }
    }
    scrollDown();
  }

  var typingTimer = null;
  function showTyping(text, role) {
    typingText.textContent = text;
    typing.hidden = false;
    st.typingRole = role;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(hideTyping, role === "ai" ? 30000 : 6000);
    scrollDown();
  }
  function hideTyping() {
    typing.hidden = true;
    st.typingRole = "";
    clearTimeout(typingTimer);
  }

  function setOpen(open) {
    st.open = open;
    panel.hidden = !open;
    launcher.setAttribute("aria-label", open ? "Close chat" : "Open chat");
    if (open) {
      dot.hidden = true;
      setTimeout(function () { input.focus(); scrollDown(); }, 0);
    }
    save();
  }

  // ---- network ----
  function api(method, path, payload) {
    var headers = { "Accept": "application/json" };
    if (st.token) headers["Authorization"] = "Bearer " + st.token;
    var opts = { method: method, headers: headers, mode: "cors", credentials: "omit" };
    if (payload !== undefined) {
      headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(payload);
    }
    return fetch(origin + path, opts).then(function (r) {
      return r.json().catch(function () { return null; }).then(function (data) { return { ok: r.ok, status: r.status, data: data }; });
    });
  }

  function ensureSession() {
    if (st.token) return Promise.resolve();
    return api("POST", "/widget/api/session", { channel: channel }).then(function (r) {
      if (!r.ok || !r.data || !r.data.token) throw new Error("Could not start the chat.");
      st.token = r.data.token;
      save();
    });
  }

  function applyState(s) {
    if (!s) return;
    var before = st.state;
    st.state = s.state || "";
    st.agent = s.agent || "";
    st.team = s.team || "";
    renderHeader();
    if (before !== st.state && st.state !== "ai_active" && st.typingRole === "ai") hideTyping();
  }

  function connect() {
    if (!st.token || st.sock) return;
    var u = new URL("/widget/ws", origin);
    u.protocol = u.protocol === "https:" ? "wss:" : "ws:";
    u.searchParams.set("token", st.token);
    u.searchParams.set("after", String(st.last));
    var sock = new WebSocket(u.toString());
    st.sock = sock;
    var opened = false;
    sock.onopen = function () { opened = true; };
    sock.onmessage = function (ev) {
      var f;
      try { f = JSON.parse(ev.data); } catch (e) { return; }
      if (f.type === "ready") {
        st.attempt = 0;
        st.live = true;
        scrollDown();
        return;
      }
      if (f.id) {
        if (f.id <= st.last) return;
        st.last = f.id;
      }
      if (f.type === "turn") {
        (f.messages || []).forEach(function (m) { addMessage(m, st.live); });
        if (f.state) applyState(f.state);
      } else if (f.type === "state" && f.state) applyState(f.state);
      else if (f.type === "typing" && f.typing) {
        var t = f.typing;
        if (t.active) showTyping((t.role === "agent" ? (t.name || "Support") : "AI Assistant") + " is typing…", t.role);
        else if (st.typingRole === t.role) hideTyping();
      }
    };
    sock.onclose = function (e) {
      st.sock = null;
      st.live = false;
      var wait = e.code === 4000 ? 0 : Math.min(15000, 500 * Math.pow(2, st.attempt)) * (0.75 + Math.random() / 2);
      st.attempt++;
      if (!opened && st.attempt > 2) {
        // The handshake keeps failing: check the session still exists before trying again.
        return checkSession().then(function (ok) { if (ok) setTimeout(connect, wait); });
      }
      setTimeout(connect, wait);
    };
  }

  function checkSession() {
    if (!st.token) return Promise.resolve(false);
    return api("GET", "/widget/api/session").then(function (r) {
      if (r.status === 404) {
        st.token = "";
        save();
        return false;
      }
      if (r.ok && r.data) {
        applyState(r.data.state ? r.data : null);
        return !!r.data.started;
      }
      return true;
    }, function () { return true; });
  }

  function markFailed(node, id, text, message) {
    node.removeAttribute("data-pending");
    var old = node.querySelector(".hw-fail");
    if (old) old.remove();
    var f = el("div", "hw-fail", message + " ");
    var retry = el("button", null, "Retry");
    retry.type = "button";
    retry.addEventListener("click", function () {
      f.remove();
      node.setAttribute("data-pending", "");
      deliver(node, id, text, 0);
    });
    f.appendChild(retry);
    node.appendChild(f);
  }

  function deliver(node, id, text, attempt) {
    var payload = { text: text, client_id: id };
    if (customerName || customerEmail) payload.customer = { name: customerName || "", email: customerEmail || "" };
    ensureSession().then(function () {
      return api("POST", "/widget/api/messages", payload);
    }).then(function (r) {
      if (r.ok) {
        node.removeAttribute("data-pending");
        if (r.data && r.data.message) {
          node.setAttribute("data-id", String(r.data.message.id));
          delete st.pending[id];
        }
        if (r.data && r.data.state) applyState(r.data.state);
        if (st.typingRole === "ai" && st.state !== "ai_active") hideTyping();
        connect();
        return;
      }
      if (r.status === 404) {
        st.token = "";
        save();
      }
      if (r.status >= 500 && attempt < 4) {
        setTimeout(function () { deliver(node, id, text, attempt + 1); }, 600 * Math.pow(2, attempt));
        return;
      }
      hideTyping();
      markFailed(node, id, text, (r.data && r.data.error && r.data.error.message) || "Not sent.");
    }, function () {
      if (attempt < 4) {
        setTimeout(function () { deliver(node, id, text, attempt + 1); }, 600 * Math.pow(2, attempt));
        return;
      }
      hideTyping();
      markFailed(node, id, text, "Not sent — check your connection.");
    });
  }

  function submit() {
    var text = input.value.trim();
    if (!text) return;
    input.value = "";
    input.style.height = "";
    var id = newId();
    var node = bubble({ role: "customer", text: text, client_id: id });
    node.setAttribute("data-pending", "");
    empty.hidden = true;
    list.appendChild(node);
    st.pending[id] = text;
    if (!st.state || st.state === "ai_active" || st.state === "closed") showTyping("AI Assistant is typing…", "ai");
    scrollDown();
    deliver(node, id, text, 0);
  }

  var lastTyping = 0;
  input.addEventListener("input", function () {
    input.style.height = "auto";
    input.style.height = Math.min(120, input.scrollHeight) + "px";
    var now = Date.now();
    if (st.sock && st.sock.readyState === 1 && input.value && now - lastTyping > 1500) {
      lastTyping = now;
      st.sock.send(JSON.stringify({ type: "typing", active: true }));
    }
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      submit();
    }
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    submit();
  });
  launcher.addEventListener("click", function () { setOpen(panel.hidden); });
  closeBtn.addEventListener("click", function () { setOpen(false); });

  function start() {
    document.body.appendChild(host);
    document.body.appendChild(announcer);
    renderHeader();
    if (st.open) setOpen(true);
    if (st.token) {
      checkSession().then(function (started) { if (started) connect(); });
    }
  }

  window.HandoffWidget = {
    open: function () { setOpen(true); },
    close: function () { setOpen(false); },
    reset: function () {
      if (st.sock) st.sock.close();
      st.token = "";
      st.last = 0;
      save();
    }
  };
  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
