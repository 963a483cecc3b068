/*
 * Chat widget for the placement assistant. No build step, no dependencies besides the
 * socket.io client (vendor/socket.io.min.js, load it first). Speaks the Rasa web chat
 * protocol: session_request/session_confirm, user_uttered, bot_uttered; and two events of
 * ours: staff_typing {"text"} (a staff member types a reply: the text shows under the chat
 * until a message comes or STAFF_TYPING_MS pass) and user_typing (the parent types: sent at
 * most every USER_TYPING_MS, so staff see "Ouder typt…").
 *
 * <script src="https://BOT/webhooks/website/static/vendor/socket.io.min.js"></script>
 * <script src="https://BOT/webhooks/website/static/widget.js" data-title="..." data-form="u"></script>
 *
 * data-form: "u" (formal, the default) or "je", as the organisation addresses parents.
 * data-lang: "en" for an English page ("nl" for a Dutch one); without it the widget speaks
 * English when the browser's language is English. The bot itself answers in the language
 * the parent writes; the widget's language is its hint for a first message that says none.
 *
 * The session id and the messages are kept in sessionStorage: a page reload continues
 * the conversation; closing the tab ends it on this device.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var data = (script && script.dataset) || {};
  var server = data.server || new URL(script.src).origin;
  var WORDS = {
    u: {
      title: "Digitale assistent",
      open: "Chat met ons",
      close: "Sluiten",
      send: "Verstuur",
      placeholder: "Typ uw vraag…",
      message: "Uw bericht"
    },
    je: {
      title: "Digitale assistent",
      open: "Chat met ons",
      close: "Sluiten",
      send: "Verstuur",
      placeholder: "Typ je vraag…",
      message: "Je bericht"
    },
    en: {
      title: "Digital assistant",
      open: "Chat with us",
      close: "Close",
      send: "Send",
      placeholder: "Type your question…",
      message: "Your message"
    }
  };
  var browserLanguage = (navigator.language || "").toLowerCase();
  var english = data.lang ? data.lang === "en" : browserLanguage.indexOf("en") === 0;
  var variant = english ? "en" : data.form === "je" ? "je" : "u";
  var words = WORDS[variant];
  var title = data.title || words.title;
  // an update's chat link carries ?update=<reference>: the bot then knows what is answered
  var updateReference = new URLSearchParams(window.location.search).get("update");
  if (!/^[A-Za-z0-9_-]{8,32}$/.test(updateReference || "")) updateReference = null;
  // the bot says what it is (and the privacy notice) itself, once, as its first message;
  // an organisation may add a line of its own with data-notice
  var notice = data.notice || "";
  var SESSION_KEY = "placement-chat-session";
  var HISTORY_KEY = "placement-chat-history";
  var OPEN_KEY = "placement-chat-open";
  var STAFF_TYPING_MS = 6000;  // the console repeats staff_typing every few seconds
  var USER_TYPING_MS = 2000;

  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = server + "/webhooks/website/static/widget.css";
  document.head.appendChild(css);

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  var root = el("div", "pc-widget");
  var launcher = el("button", "pc-launcher", words.open);
  launcher.type = "button";
  launcher.setAttribute("aria-expanded", "false");
  var panel = el("section", "pc-panel");
  panel.setAttribute("aria-label", title);
  panel.hidden = true;
  var header = el("header", "pc-header");
  header.appendChild(el("strong", "", title));
  var close = el("button", "pc-close", "×");
  close.type = "button";
  close.setAttribute("aria-label", words.close);
  header.appendChild(close);
  var log = el("div", "pc-log");
  log.setAttribute("role", "log");
  log.setAttribute("aria-live", "polite");
  var form = el("form", "pc-form");
  var input = el("input", "pc-input");
  input.type = "text";
  input.placeholder = words.placeholder;
  input.setAttribute("aria-label", words.message);
  input.maxLength = 2000;
  var send = el("button", "pc-send", words.send);
  send.type = "submit";
  form.appendChild(input);
  form.appendChild(send);
  panel.appendChild(header);
  if (notice) panel.appendChild(el("p", "pc-notice", notice));
  var typing = el("p", "pc-typing");
  typing.setAttribute("aria-live", "polite");
  typing.hidden = true;
  panel.appendChild(log);
  panel.appendChild(typing);
  panel.appendChild(form);
  root.appendChild(panel);
  root.appendChild(launcher);
  document.body.appendChild(root);

  var history = JSON.parse(sessionStorage.getItem(HISTORY_KEY) || "[]");
  var socket = null;
  var typingTimer = null;
  var typedAt = 0;

  function stopTyping() {
    typing.hidden = true;
    clearTimeout(typingTimer);
  }

  function save() {
    sessionStorage.setItem(HISTORY_KEY, JSON.stringify(history));
  }

  function render(entry) {
    if (entry.from === "staff") {
      log.appendChild(el("div", "pc-who", entry.name || (english ? "Team member" : "Medewerker")));
    }
    var bubble = el("div", "pc-msg pc-" + entry.from, entry.text);
    log.appendChild(bubble);
    if (entry.buttons && entry.buttons.length) {
      var row = el("div", "pc-buttons");
      entry.buttons.forEach(function (button) {
        var b = el("button", "pc-button", button.title);
        b.type = "button";
        b.addEventListener("click", function () {
          say(button.title, button.payload);
        });
        row.appendChild(b);
      });
      log.appendChild(row);
    }
    log.scrollTop = log.scrollHeight;
  }

  function add(entry) {
    history.push(entry);
    save();
    render(entry);
  }

  function say(shown, payload) {
    if (root.dataset.session !== "ready") return;
    add({ from: "user", text: shown });
    var uttered = {
      message: payload,
      session_id: sessionStorage.getItem(SESSION_KEY),
      language: english ? "en" : "nl"
    };
    if (updateReference) {
      uttered.update = updateReference;  // once: the parent came from an update's link
      updateReference = null;
    }
    socket.emit("user_uttered", uttered);
  }

  function connect() {
    send.disabled = true;
    socket = window.io(server, { path: "/socket.io" });
    socket.on("connect", function () {
      socket.emit("session_request", { session_id: sessionStorage.getItem(SESSION_KEY) });
    });
    socket.on("disconnect", function () {
      root.dataset.session = "";
    });
    socket.on("session_confirm", function (sessionId) {
      if (sessionId !== sessionStorage.getItem(SESSION_KEY)) {
        sessionStorage.setItem(SESSION_KEY, sessionId);
        history = [];
        save();
        log.textContent = "";
      }
      root.dataset.session = "ready";
      send.disabled = false;
    });
    socket.on("staff_typing", function (message) {
      if (!message || typeof message.text !== "string") return;
      typing.textContent = message.text;
      typing.hidden = false;
      clearTimeout(typingTimer);
      typingTimer = setTimeout(stopTyping, STAFF_TYPING_MS);
    });
    socket.on("bot_uttered", function (message) {
      stopTyping();
      var buttons = message.quick_replies || message.buttons || [];
      if (typeof message.staff === "string" && message.text) {
        // a person of the placement office: their name above, another colour
        add({ from: "staff", name: message.staff, text: message.text });
      } else if (message.text || buttons.length) {
        add({ from: "bot", text: message.text || "", buttons: buttons });
      }
    });
  }

  function toggle(open) {
    panel.hidden = !open;
    launcher.setAttribute("aria-expanded", String(open));
    sessionStorage.setItem(OPEN_KEY, open ? "1" : "");
    if (open && !socket) connect();
    if (open) input.focus();
  }

  launcher.addEventListener("click", function () {
    toggle(panel.hidden);
  });
  close.addEventListener("click", function () {
    toggle(false);
  });
  input.addEventListener("input", function () {
    var now = Date.now();
    if (!input.value.trim() || root.dataset.session !== "ready" || now - typedAt < USER_TYPING_MS) return;
    typedAt = now;
    socket.emit("user_typing", {});
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = "";
    typedAt = 0;
    say(text, text);
  });

  history.forEach(render);
  if (sessionStorage.getItem(OPEN_KEY)) toggle(true);
})();
