// handoff console: live updates over WebSocket and a few conveniences. Everything that comes
// from customers is put into the page with textContent; HTML fragments come from the server,
// which escapes them.
(function () {
  "use strict";

  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var csrf = csrfMeta ? csrfMeta.getAttribute("content") : "";
  var body = document.body;
  var me = (document.getElementById("me-name") || {}).textContent || "";

  function $(id) { return document.getElementById(id); }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function debounce(fn, ms) {
    var t = null;
    return function () {
      clearTimeout(t);
      t = setTimeout(fn, ms);
    };
  }

  // throttle runs fn ms after the first call; calls in between share that run.
  function throttle(fn, ms) {
    var t = null;
    return function () {
      if (t) return;
      t = setTimeout(function () {
        t = null;
        fn();
      }, ms);
    };
  }

  function clientId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID().replace(/-/g, "");
    return String(Date.now()) + Math.random().toString(36).slice(2);
  }

  // fragment parses server-rendered, escaped HTML into nodes without running scripts.
  function fragment(html) {
    var doc = new DOMParser().parseFromString("<body>" + html + "</body>", "text/html");
    return doc.body;
  }

  function swapById(from, id) {
    var fresh = from.querySelector("#" + id);
    var old = $(id);
    if (fresh && old) old.replaceWith(document.importNode(fresh, true));
  }

  // ---- clocks: "waiting 1:23" counts up, safety-net countdowns count down ----
  function fmtDuration(s) {
    s = Math.max(0, Math.floor(s));
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
    var ss = (sec < 10 ? "0" : "") + sec;
    if (h > 0) return h + ":" + (m < 10 ? "0" : "") + m + ":" + ss;
    return m + ":" + ss;
  }
  function stampClocks(root) {
    var now = Date.now();
    (root || document).querySelectorAll(".js-since, .js-countdown").forEach(function (e) {
      if (!e.dataset.t0) e.dataset.t0 = String(now);
    });
  }
  function tickClocks() {
    var now = Date.now();
    document.querySelectorAll(".js-since, .js-countdown").forEach(function (e) {
      var base = parseFloat(e.dataset.secs || "0");
      var t0 = parseFloat(e.dataset.t0 || String(now));
      var d = (now - t0) / 1000;
      e.textContent = fmtDuration(e.classList.contains("js-since") ? base + d : base - d);
    });
  }
  stampClocks();
  setInterval(tickClocks, 1000);

  // ---- live connection with resume and backoff ----
  // The page was rendered after the event id in body[data-cursor]; the socket replays what came
  // since, so nothing needs re-fetching when it opens.
  function Live(params, onEvent) {
    var last = parseInt(body.dataset.cursor || "0", 10) || 0;
    var attempt = 0;
    var sock = null;
    var status = $("live-status");
    function setStatus(s, text) {
      if (!status) return;
      status.hidden = false;
      status.dataset.state = s;
      status.querySelector(".live-text").textContent = text;
    }
    function connect() {
      var q = new URLSearchParams(params);
      q.set("after", String(last));
      var proto = location.protocol === "https:" ? "wss:" : "ws:";
      setStatus("connecting", attempt ? "Reconnecting…" : "Connecting…");
      sock = new WebSocket(proto + "//" + location.host + "/console/ws?" + q.toString());
      sock.onmessage = function (m) {
        var ev;
        try { ev = JSON.parse(m.data); } catch (e) { return; }
        if (ev.type === "ready") {
          attempt = 0;
          setStatus("live", "Live");
          return;
        }
        if (ev.id) {
          if (ev.id <= last) return;
          last = ev.id;
        }
        onEvent(ev);
      };
      sock.onclose = function (e) {
        sock = null;
        setStatus("offline", "Offline — retrying");
        var wait = e.code === 4000 ? 0 : Math.min(10000, 500 * Math.pow(2, attempt)) * (0.75 + Math.random() / 2);
        attempt++;
        setTimeout(connect, wait);
      };
    }
    connect();
    return {
      send: function (obj) {
        if (sock && sock.readyState === 1) sock.send(JSON.stringify(obj));
      }
    };
  }

  function api(method, url, payload) {
    var opts = { method: method, headers: { "Accept": "application/json", "X-CSRF-Token": csrf }, credentials: "same-origin" };
    if (payload !== undefined) {
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(payload);
    }
    return fetch(url, opts).then(function (r) {
      return r.text().then(function (t) {
        var data = null;
        try { data = t ? JSON.parse(t) : null; } catch (e) { data = null; }
        return { ok: r.ok, status: r.status, data: data };
      });
    });
  }

  // ---- inbox ----
  var inbox = document.querySelector('[data-live="inbox"]');
  if (inbox) {
    var changed = {};
    var refresh = throttle(function () {
      var q = inbox.dataset.query;
      fetch("/console/inbox/list" + (q ? "?" + q : ""), { credentials: "same-origin", headers: { "Accept": "text/html" } })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (html) {
          var f = fragment(html);
          inbox.replaceChildren.apply(inbox, Array.prototype.map.call(f.childNodes, function (n) { return document.importNode(n, true); }));
          stampClocks(inbox);
          Object.keys(changed).forEach(function (id) {
            var row = inbox.querySelector('.conv-row[data-conversation="' + id + '"]');
            if (row) row.classList.add("flash-row");
          });
          changed = {};
          var counts = $("inbox-counts");
          var badge = $("nav-waiting");
          if (counts && badge) {
            var n = parseInt(counts.dataset.waiting || "0", 10);
            badge.textContent = String(n);
            badge.hidden = n === 0;
            document.title = (n ? "(" + n + ") " : "") + "Inbox · handoff";
          }
        })
        .catch(function () { /* the next event or reconnect tries again */ });
    }, 60);
    // Every turn and every action ends with a turn or a state event carrying the conversation.
    Live({}, function (ev) {
      if (ev.type !== "state" && !(ev.type === "turn" && ev.data && ev.data.conversation)) return;
      changed[ev.conversation_id] = true;
      refresh();
    });
  }

  // ---- conversation ----
  var conv = document.querySelector('[data-live="conversation"]');
  if (conv) {
    var convId = parseInt(conv.dataset.conversation, 10);
    var customer = conv.dataset.customer;
    var list = $("transcript");
    var wrap = $("transcript-wrap");
    var typing = $("typing");
    var typingText = $("typing-text");
    var typingTimer = null;
    var composer = $("composer");
    var textarea = $("composer-text");
    var sendBtn = $("composer-send");
    var hint = $("composer-hint");
    var live;

    var scrollDown = function () { wrap.scrollTop = wrap.scrollHeight; };
    scrollDown();

    function renderMessage(v) {
      var li = el("li", "msg msg-" + v.role + (v.human ? " msg-human" : "") + " new");
      li.dataset.messageId = String(v.id);
      if (v.role === "system") {
        var n = el("div", "notice");
        n.appendChild(el("span", null, v.text));
        n.appendChild(document.createTextNode(" "));
        n.appendChild(el("time", null, v.clock));
        li.appendChild(n);
        return li;
      }
      var meta = el("div", "msg-meta");
      meta.appendChild(el("span", "who", v.who || customer));
      if (v.human) meta.appendChild(el("span", "badge-human", "HUMAN"));
      if (v.role === "ai") meta.appendChild(el("span", "badge-ai", "AI"));
      if (v.external) meta.appendChild(el("span", "muted", "replied outside handoff"));
      meta.appendChild(el("time", null, v.clock));
      if (v.confidence) meta.appendChild(el("span", "conf", "confidence " + v.confidence));
      li.appendChild(meta);
      li.appendChild(el("div", "bubble", v.text));
      if (v.chips && v.chips.length) {
        var chips = el("div", "chips");
        v.chips.forEach(function (c) {
          var chip = el("span", "chip " + (c.level || ""), c.label);
          if (c.value) {
            chip.appendChild(document.createTextNode(" "));
            chip.appendChild(el("b", null, c.value));
          }
          chips.appendChild(chip);
        });
        li.appendChild(chips);
      }
      return li;
    }

    // lastRole is the role of the last message that is not a system notice.
    function lastRole() {
      var items = list.querySelectorAll(".msg:not(.msg-system)");
      if (!items.length) return "";
      var m = /msg-(customer|ai|agent)/.exec(items[items.length - 1].className);
      return m ? m[1] : "";
    }

    function addMessage(v) {
      if (!v || list.querySelector('[data-message-id="' + v.id + '"]')) return;
      if (v.role === "customer" && v.chips && lastRole() !== "ai") {
        v.chips = v.chips.filter(function (c) { return c.label !== "UNCERTAINTY"; });
      }
      var near = wrap.scrollHeight - wrap.scrollTop - wrap.clientHeight < 120;
      list.appendChild(renderMessage(v));
      if (v.role === "customer") hideTyping();
      if (near || v.role === "agent") scrollDown();
    }

    function hideTyping() {
      typing.hidden = true;
      clearTimeout(typingTimer);
    }
    function showTyping(text) {
      typingText.textContent = text;
      typing.hidden = false;
      clearTimeout(typingTimer);
      typingTimer = setTimeout(hideTyping, 5000);
    }

    function applyMeta() {
      var meta = $("conv-meta");
      if (!meta) return;
      var mine = meta.dataset.mine === "true";
      var why = "Claim the conversation to reply.";
      if (meta.dataset.heldBy) why = meta.dataset.heldBy + " holds this conversation.";
      else if (meta.dataset.state === "closed") why = "Closed. A new message from the customer opens it again.";
      textarea.disabled = !mine;
      sendBtn.disabled = !mine;
      textarea.placeholder = mine ? "Write to the customer…" : why;
      hint.classList.remove("error");
      hint.textContent = mine ? "Enter sends · Shift+Enter adds a line · the customer sees your name and a HUMAN badge" : why;
      var badge = $("nav-waiting");
      if (badge && meta.dataset.waiting !== undefined) {
        badge.textContent = meta.dataset.waiting;
        badge.hidden = meta.dataset.waiting === "0";
      }
    }

    var refreshPanels = debounce(function () {
      fetch("/console/conversations/" + convId + "/panels", { credentials: "same-origin", headers: { "Accept": "text/html" } })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (html) {
          var f = fragment(html);
          swapById(f, "conv-head");
          swapById(f, "conv-side-inner");
          stampClocks();
          applyMeta();
        })
        .catch(function () { /* retried on the next event */ });
    }, 40);

    live = Live({ conversation: String(convId) }, function (ev) {
      if (ev.conversation_id !== convId) return;
      switch (ev.type) {
        case "turn":
          (ev.views || []).forEach(addMessage);
          if (ev.data && ev.data.conversation) refreshPanels();
          break;
        case "typing":
          var d = ev.data || {};
          if (d.role === "customer") {
            if (d.active) showTyping("Customer is typing…"); else hideTyping();
          } else if (d.role === "agent" && d.name !== me) {
            if (d.active) showTyping(d.name + " is typing…"); else hideTyping();
          }
          break;
        default:
          refreshPanels();
      }
    });

    var lastTyping = 0;
    textarea.addEventListener("input", function () {
      var now = Date.now();
      if (now - lastTyping > 1500 && textarea.value) {
        lastTyping = now;
        live.send({ type: "typing", conversation_id: convId, active: true });
      }
    });
    textarea.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        composer.requestSubmit();
      }
    });

    function post(text, id, tries) {
      return api("POST", "/console/conversations/" + convId + "/messages", { text: text, client_id: id }).then(function (r) {
        if (r.ok) return r;
        var msg = r.data && r.data.error ? r.data.error.message : "Could not send (" + r.status + ").";
        return Promise.reject({ message: msg, final: true });
      }, function () {
        if (tries > 0) {
          return new Promise(function (res) { setTimeout(res, 800); }).then(function () { return post(text, id, tries - 1); });
        }
        return Promise.reject({ message: "Network problem: your reply was not sent.", final: true });
      });
    }

    composer.addEventListener("submit", function (e) {
      e.preventDefault();
      var text = textarea.value.trim();
      if (!text || textarea.disabled) return;
      sendBtn.disabled = true;
      post(text, clientId(), 3).then(function (r) {
        textarea.value = "";
        if (r.data && r.data.message) addMessage(r.data.message);
        scrollDown();
        live.send({ type: "typing", conversation_id: convId, active: false });
      }, function (err) {
        hint.textContent = err.message;
        hint.classList.add("error");
        refreshPanels();
      }).then(function () {
        sendBtn.disabled = textarea.disabled;
        textarea.focus();
      });
    });
  }

  // ---- rule builder ----
  var builder = $("rule-builder");
  if (builder) {
    var rows = $("cond-rows");
    $("add-row").addEventListener("click", function () {
      var first = rows.querySelector(".cond-row");
      var copy = first.cloneNode(true);
      copy.querySelectorAll("input").forEach(function (i) { i.value = ""; });
      copy.querySelectorAll("select").forEach(function (s) { s.selectedIndex = 0; });
      rows.appendChild(copy);
    });
    rows.addEventListener("click", function (e) {
      var btn = e.target.closest(".js-remove-row");
      if (!btn) return;
      var row = btn.closest(".cond-row");
      if (rows.querySelectorAll(".cond-row").length > 1) row.remove();
      else row.querySelectorAll("input").forEach(function (i) { i.value = ""; });
    });

    var expr = $("expr");
    var status = $("expr-status");
    var caret = $("expr-caret");
    var seq = 0;
    var validate = debounce(function () {
      var mine = ++seq;
      var src = expr.value;
      caret.hidden = true;
      status.replaceChildren();
      if (!src.trim()) return;
      api("POST", "/api/v1/rules/validate", { id: "expr_check", name: "expression check", expr: src, then: ["notify"] }).then(function (r) {
        if (mine !== seq) return; // a newer check is on its way
        if (r.ok) {
          status.appendChild(el("span", "ok", "✓ Valid expression"));
          return;
        }
        var msg = r.data && r.data.error ? r.data.error.message : "Cannot check the expression (" + r.status + ").";
        var m = /line (\d+), column (\d+)/.exec(msg);
        var text = msg.replace(/^rule "expr_check": /, "");
        status.appendChild(el("span", "bad", text));
        if (m) {
          var line = parseInt(m[1], 10), col = parseInt(m[2], 10);
          var src_line = expr.value.split("\n")[line - 1] || "";
          caret.textContent = src_line + "\n" + " ".repeat(Math.max(0, col - 1)) + "^";
          caret.hidden = false;
        }
      });
    }, 300);
    expr.addEventListener("input", validate);
    if (expr.value.trim()) validate();
  }
})();
