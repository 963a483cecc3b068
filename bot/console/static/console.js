// The console's pages: everything shown comes from the JSON API and is put on the page
// with textContent, never as HTML, so a parent's message can never run as code.
"use strict";

const csrf = document.querySelector('meta[name="csrf-token"]').content;
const POLL_MS = 1000;

// what the API says, as staff read it: Dutch, never JSON
const DUTCH = {
  "another colleague has this conversation": "Een collega heeft dit gesprek al. Alleen die collega of een beheerder kan het overdragen.",
  "this conversation is already back with the assistant": "Dit gesprek is al terug bij de assistent.",
  "claim the conversation before you reply or hand it back": "Neem het gesprek eerst over; daarna kunt u antwoorden of teruggeven.",
  "assign to an active agent or admin": "Kies een actieve collega die gesprekken behandelt.",
  "only the colleague who has this conversation or an admin": "Alleen de collega die dit gesprek heeft, of een beheerder, kan het terugzetten in de wachtrij.",
  "only admins read closed conversations of colleagues": "Dit gesprek is afgesloten door een collega; vraag een beheerder.",
  "no such conversation": "Dit gesprek bestaat niet (meer).",
  "management reads the dashboard and the request list only": "Met een managementaccount kunt u alleen het dashboard en de verzoeken lezen.",
  "the dashboard is for admins and management": "Het dashboard is alleen voor beheerders en management.",
};

// the API's refusals that name something (an address, numbers, a count), in Dutch
const DUTCH_PATTERNS = [
  [/^an account for .* already exists$/, () => "Er bestaat al een account met dit e-mailadres."],
  [/^enter a valid e-mail address$/, () => "Vul een geldig e-mailadres in."],
  [/^the password needs at least (\d+) characters$/, (m) => `Het wachtwoord moet minstens ${m[1]} tekens hebben.`],
  [/^enter a name: parents read it in the chat$/, () => "Vul een naam in: ouders lezen die naam in de chat."],
  [/^you cannot lock yourself out of the admin pages/, () => "U kunt uzelf niet blokkeren en uzelf geen andere rol geven. Vraag dat aan een andere beheerder."],
  [/^no such account$/, () => "Dit account bestaat niet (meer)."],
  [/^no registration with that number or parent e-mail address$/, () => "Er is geen inschrijving met dit nummer of dit e-mailadres van een ouder."],
  [/^nothing erased: confirm with exactly the registration numbers found, (.*)$/, (m) => `Niets verwijderd: typ precies de gevonden inschrijfnummers (${m[1]}).`],
  [/^a period of at most a year, first day before last$/, () => "Kies een periode van hoogstens een jaar, met de eerste dag vóór de laatste."],
  [/^days between /, () => "Kies dagen tussen 2000 en 2100."],
  [/^no location with that name or code$/, () => "Er is geen locatie met deze naam of code."],
  [/^several locations match: (.*)$/, (m) => `Meerdere locaties passen bij deze naam (${m[1]}). Typ meer van de naam, of de code.`],
  [/^missing or wrong CSRF token$/, () => "Uw sessie is verlopen. Laad de pagina opnieuw en probeer het nog eens."],
  [/^admins only$/, () => "Alleen voor beheerders."],
  [/^the model has no intent /, () => "De assistent kent deze betekenis niet (meer). Laad de pagina opnieuw."],
  [/^no such canned reply$/, () => "Dit standaardantwoord bestaat niet (meer)."],
  [/^no such request$/, () => "Dit verzoek bestaat niet (meer)."],
];
// a field the form validation refused, by its name in the request
const FIELDS = { email: "E-mailadres", name: "Naam", password: "Wachtwoord", role: "Rol", title: "Titel",
  text: "Tekst", first_day: "Van", last_day: "Tot en met", location: "Locatie", number: "Inschrijfnummer" };

function dutchError(status, detail) {
  if (typeof detail === "string" && DUTCH[detail]) return DUTCH[detail];
  for (const [pattern, words] of DUTCH_PATTERNS) {
    const match = typeof detail === "string" && detail.match(pattern);
    if (match) return words(match);
  }
  const field = Array.isArray(detail) && detail[0] && detail[0].loc ? FIELDS[detail[0].loc[detail[0].loc.length - 1]] : null;
  if (status === 422 && field) return `Het veld "${field}" is niet goed ingevuld: controleer het en probeer het opnieuw.`;
  if (typeof detail === "string" && detail.startsWith("Rasa")) return "De assistent is nu niet bereikbaar. Probeer het zo opnieuw.";
  if (status === 422) return "Dit is niet goed ingevuld: controleer het veld en probeer het opnieuw.";
  if (status >= 500) return "Er ging iets mis op de server. Probeer het zo opnieuw.";
  if (typeof detail === "string") return detail;
  return `Dat lukte niet (fout ${status}).`;
}

async function api(method, path, body) {
  const options = { method, headers: { "X-CSRF-Token": csrf }, credentials: "same-origin" };
  if (body !== undefined) {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  let response;
  try { response = await fetch(path, options); } catch (_) {
    throw new Error("Geen verbinding met de console. Controleer uw internetverbinding.");
  }
  if (response.status === 401) { window.location = "/login"; throw new Error("Log opnieuw in."); }
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    const error = new Error(dutchError(response.status, data && data.detail));
    Object.assign(error, { status: response.status, detail: data && data.detail, body: data });
    throw error;
  }
  return data;
}

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

function row(cells) {
  const tr = document.createElement("tr");
  for (const cell of cells) {
    const td = document.createElement("td");
    if (cell instanceof Node) td.appendChild(cell); else td.textContent = cell ?? "";
    tr.appendChild(td);
  }
  return tr;
}

// the error next to what caused it (`where`: its line, or the element id of it), in view
function showError(error, where) {
  const box = (where instanceof Element ? where : where && document.getElementById(where)) || document.querySelector(".error");
  if (!box) return;
  box.textContent = error.message;
  box.hidden = false;
  box.scrollIntoView({ block: "nearest" });
}

function clearError(where) {
  const box = document.getElementById(where);
  if (box) box.hidden = true;
}

function minutes(seconds) {
  if (seconds < 60) return `${seconds} s`;
  const m = Math.floor(seconds / 60);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} u ${m % 60} min`;
}

const STATUS = { waiting: "wacht", active: "in behandeling", closed: "terug bij de assistent" };
const WHO = { parent: "Ouder", bot: "Assistent", staff: "Medewerker" };

// Alerts: unread counts per conversation (the parent's messages since this browser last
// showed them), the total in the tab title, and a notification with a short sound for a new
// handoff or a new parent message in one's own conversation.
const seenKey = (id) => `console:seen:${id}`;
const seenCount = (id) => Number(localStorage.getItem(seenKey(id)) || 0);

class Alerts {
  constructor(me, openId) {
    this.me = me;
    this.openId = openId;  // the conversation this page shows (its messages count as read while visible)
    this.baseTitle = document.title;
    this.known = null;  // handoff id → parent messages, from the previous poll
    this.audio = null;
    const wake = () => {  // browsers allow sound only after a user gesture
      if (!this.audio && window.AudioContext) this.audio = new AudioContext();
      if (this.audio && this.audio.state === "suspended") this.audio.resume();
    };
    document.addEventListener("click", wake);
    document.addEventListener("keydown", wake);
  }

  relevant(row) {  // what is this staff member's to answer: waiting, or theirs
    return row.status === "waiting" || row.assigned_to_id === this.me;
  }

  unread(row) {
    if (row.parent_messages === null || row.parent_messages === undefined) return 0;
    return Math.max(0, row.parent_messages - seenCount(row.id));
  }

  update(rows) {
    const total = rows.filter((r) => this.relevant(r) && r.id !== this.openId)
      .reduce((sum, r) => sum + this.unread(r), 0);
    document.title = total ? `(${total}) ${this.baseTitle}` : this.baseTitle;
    const now = new Map(rows.map((r) => [r.id, r.parent_messages ?? 0]));
    if (this.known) {
      for (const r of rows) {
        const watching = r.id === this.openId && document.visibilityState === "visible";
        if (!this.known.has(r.id) && r.status === "waiting") {
          this.alert("Nieuw gesprek in de wachtrij", r.topic || r.reason_text, r.id);
        } else if (r.assigned_to_id === this.me && (r.parent_messages ?? 0) > (this.known.get(r.id) ?? 0) && !watching) {
          this.alert("Nieuw bericht van een ouder", "In uw gesprek " + r.id, r.id);
        }
      }
    }
    this.known = now;
  }

  alert(title, body, id) {
    this.beep();
    if (!("Notification" in window) || Notification.permission !== "granted") return;
    const note = new Notification(title, { body, tag: `handoff-${id}` });
    note.onclick = () => { window.focus(); window.location = `/conversations/${id}`; };
  }

  beep() {
    if (!this.audio || this.audio.state !== "running") return;
    const tone = this.audio.createOscillator();
    const gain = this.audio.createGain();
    tone.frequency.value = 880;
    gain.gain.setValueAtTime(0.15, this.audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, this.audio.currentTime + 0.35);
    tone.connect(gain).connect(this.audio.destination);
    tone.start();
    tone.stop(this.audio.currentTime + 0.35);
  }
}

// asked on a click (browsers refuse a permission prompt without one)
function notificationSwitch() {
  const button = document.getElementById("notify-on");
  const state = document.getElementById("notify-state");
  if (!button || !("Notification" in window)) return;
  function show() {
    button.hidden = Notification.permission !== "default";
    state.hidden = Notification.permission === "default";
    state.textContent = Notification.permission === "granted" ? "Meldingen staan aan."
      : "Meldingen zijn geblokkeerd in de browser; u hoort alleen een geluid.";
  }
  button.addEventListener("click", () => Notification.requestPermission().then(show));
  show();
}

// the channel, and the language when the parent writes English
function channelText(h) {
  return h.language === "en" ? `${h.channel} · Engels` : h.channel;
}

// the child and the parents on file: known only once the parent passed the identity check
function familyText(h) {
  if (!h.child) return "—";
  return h.parents && h.parents.length ? `${h.child} · ${h.parents.join(", ")}` : h.child;
}

async function queuePage() {
  const body = document.querySelector("#queue tbody");
  const alerts = new Alerts(Number(document.body.dataset.staff), null);
  notificationSwitch();
  async function refresh() {
    const rows = await api("GET", "/api/queue");
    body.replaceChildren(...rows.map((h) => {
      const link = el("a", "Openen");
      link.href = `/conversations/${h.id}`;
      const unread = alerts.relevant(h) ? alerts.unread(h) : 0;
      const badge = el("span", unread ? String(unread) : "", unread ? "unread" : "");
      if (unread) badge.title = `${unread} ongelezen bericht(en) van de ouder`;
      const tr = row([minutes(h.waiting_seconds), badge, STATUS[h.status] + (h.assigned_to ? ` (${h.assigned_to})` : ""),
        channelText(h), familyText(h), h.topic, h.registration_number || "—", h.summary, link]);
      tr.dataset.handoff = h.id;
      tr.classList.add("opens");
      // the whole row opens the conversation (the link stays, for the keyboard and a new tab)
      tr.addEventListener("click", (event) => {
        if (event.target.closest("a, button") || String(window.getSelection())) return;
        window.location = link.href;
      });
      if (unread) tr.classList.add("has-unread");
      return tr;
    }));
    document.getElementById("queue-empty").hidden = rows.length > 0;
    alerts.update(rows);
    clearError("error");
  }
  await refresh();
  setInterval(() => refresh().catch((error) => showError(error, "error")), POLL_MS);
  historySearch();
}

function historySearch() {
  const form = document.getElementById("history-form");
  const table = document.getElementById("history");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const q = new FormData(form).get("q");
      const rows = await api("GET", `/api/history?${new URLSearchParams({ q })}`);
      table.querySelector("tbody").replaceChildren(...rows.map((h) => {
        const link = el("a", "Openen");
        link.href = `/conversations/${h.id}`;
        return row([new Date(h.created_at).toLocaleString("nl-NL"), STATUS[h.status], h.channel,
          h.topic, h.registration_number || "—", h.summary, link]);
      }));
      table.hidden = rows.length === 0;
      document.getElementById("history-empty").hidden = rows.length > 0;
      const { hidden } = await api("GET", `/api/history/hidden?${new URLSearchParams({ q })}`);
      const note = document.getElementById("history-hidden");
      note.hidden = hidden === 0;
      note.textContent = hidden === 1 ? "Er is 1 gesprek gevonden dat alleen een beheerder kan inzien."
        : `Er zijn ${hidden} gesprekken gevonden die alleen een beheerder kan inzien.`;
    } catch (error) { showError(error, "history-error"); }
  });
}

const messageKey = (m) => `${m.who}|${m.at}|${m.via || ""}|${m.text}`;

// The transcript, changed only where it changed: new messages are appended, so a selection
// and the scroll position survive every poll. It follows new messages only when staff are
// at its bottom; otherwise a "new messages" button says there are more below.
class Transcript {
  constructor(list, marker) {
    this.list = list;
    this.marker = marker;
    this.keys = [];
    list.addEventListener("scroll", () => { if (this.atBottom()) marker.hidden = true; });
    marker.addEventListener("click", () => { this.toBottom(); marker.hidden = true; });
  }

  atBottom() { return this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 24; }

  toBottom() { this.list.scrollTop = this.list.scrollHeight; }

  item(m) {
    const item = el("li", null, `msg ${m.who}`);
    item.appendChild(el("span", WHO[m.who] || m.who, "who"));
    item.appendChild(el("span", m.text, "text"));
    if (m.via === "email") item.appendChild(el("span", m.who === "parent" ? "per e-mail ontvangen" : "per e-mail verstuurd", "via"));
    if (m.at) item.appendChild(el("time", new Date(m.at).toLocaleTimeString("nl-NL")));
    return item;
  }

  show(messages) {
    const keys = messages.map(messageKey);
    const first = this.keys.length === 0;
    const follows = first || this.atBottom();
    const extends_ = this.keys.every((k, i) => keys[i] === k);
    if (extends_ && keys.length === this.keys.length) return;
    if (extends_) {
      for (const m of messages.slice(this.keys.length)) this.list.appendChild(this.item(m));
    } else {  // rarely: the transcript itself changed (e.g. the conversation was erased)
      const top = this.list.scrollTop;
      this.list.replaceChildren(...messages.map((m) => this.item(m)));
      this.list.scrollTop = top;
    }
    this.keys = keys;
    if (follows) this.toBottom(); else this.marker.hidden = false;
  }
}

// the parent's score after the hand-back: "nog geen antwoord" until they answered
function satisfactionText(s) {
  if (!s.satisfaction) return "nog geen antwoord";
  return `${s.satisfaction}/5${s.satisfaction_comment ? ` – ${s.satisfaction_comment}` : ""}`;
}

function renderList(dl, entries) {
  dl.replaceChildren();
  for (const [key, value] of entries) {
    dl.appendChild(el("dt", key));
    dl.appendChild(el("dd", typeof value === "object" ? JSON.stringify(value) : value));
  }
}

const LANGUAGE = { nl: "Nederlands", en: "Engels" };
const REQUEST_STATUS = { open: "open", claimed: "opgepakt", resolved: "verwerkt", rejected: "afgewezen", withdrawn: "ingetrokken door ouder" };

function link(text, href) {
  const a = el("a", text);
  a.href = href;
  return a;
}

// The context panel in staff language: who the parent is and how to reach them, the
// registration in words, the estimate as the parent read it, the family's earlier contact
// one click away; what the bot keeps for itself only under "Technische details".
function renderContext(detail) {
  const reg = detail.registration;
  const known = reg && reg.status;
  document.getElementById("who").textContent = known ? reg.line
    : detail.identity_verified ? detail.registration_number : "Identiteit niet geverifieerd";
  renderList(document.getElementById("context"), [
    ["Kanaal", detail.channel], ["Onderwerp", detail.topic],
    ["Identiteit", detail.identity_verified ? `geverifieerd (${detail.registration_number})` : "niet geverifieerd"],
    ["Taal", LANGUAGE[detail.language] || detail.language],
    ["Binnengekomen", new Date(detail.created_at).toLocaleString("nl-NL")],
    ...(detail.status === "closed" ? [["Tevredenheid", satisfactionText(detail)]] : []),
    ...(detail.answers_update ? [["Reageert op update", `${detail.answers_update.text} van ` +
      new Date(detail.answers_update.sent_at).toLocaleDateString("nl-NL")]] : []),
  ]);
  const parent = document.getElementById("parent");
  const cards = ((reg && reg.parents) || []).map((p) => {
    const card = el("dl", null, "parent-card");
    card.append(el("dt", "Naam"), el("dd", p.name));
    const mail = el("dd"); if (p.email) mail.appendChild(link(p.email, `mailto:${p.email}`)); else mail.textContent = "niet bekend";
    const phone = el("dd"); if (p.phone) phone.appendChild(link(p.phone, `tel:${p.phone}`)); else phone.textContent = "niet bekend";
    card.append(el("dt", "E-mail"), mail, el("dt", "Telefoon"), phone);
    return card;
  });
  if (!cards.length && detail.left_email) {
    const card = el("dl", null, "parent-card");
    const mail = el("dd"); mail.appendChild(link(detail.left_email, `mailto:${detail.left_email}`));
    card.append(el("dt", "E-mail (in de chat achtergelaten, niet gecontroleerd)"), mail);
    cards.push(card);
  }
  if (cards.length) parent.replaceChildren(...cards);
  else parent.replaceChildren(el("p", reg ? "Geen ouder op het dossier." : "Naam en contactgegevens zijn alleen zichtbaar na een geslaagde identiteitscontrole.", "muted"));
  document.getElementById("summary").textContent = detail.summary;
  const box = document.getElementById("registration");
  if (!reg) box.textContent = "Alleen zichtbaar na een geslaagde identiteitscontrole.";
  else if (!known) box.textContent = "Inschrijving niet gevonden.";
  else {
    const facts = el("dl", null, "facts");
    renderList(facts, reg.facts.map((f) => [f.label, f.text]));
    const estimate = reg.estimate.length ? [el("h4", reg.estimate_shown
      ? "Schatting die de ouder in dit gesprek kreeg" : "Schatting zoals de ouder die zou krijgen"),
      ...reg.estimate.map((line) => el("p", line, "estimate"))] : [];
    const updates = (reg.updates || []).map((u) =>
      el("li", `${u.sent_at ? new Date(u.sent_at).toLocaleDateString("nl-NL") : "—"}: ${u.text}`));
    const list = el("ul");
    list.replaceChildren(...updates);
    box.replaceChildren(facts, ...estimate, ...(updates.length ? [el("h4", "Updates ontvangen"), list] : []));
  }
  const family = document.getElementById("family");
  const items = [
    ...(detail.earlier || []).map((h) => {
      const li = el("li");
      li.append(link(`Gesprek van ${new Date(h.created_at).toLocaleDateString("nl-NL")}`, `/conversations/${h.id}`),
        ` · ${STATUS[h.status]} · ${h.topic}`);
      return li;
    }),
    ...(detail.requests || []).map((r) => {
      const li = el("li");
      li.append(link(`${r.kind_text} van ${new Date(r.created_at).toLocaleDateString("nl-NL")}`,
        `/requests?${new URLSearchParams({ number: detail.registration_number, status: "all", request: r.id })}`),
        ` · ${REQUEST_STATUS[r.status] || r.status} · "${r.details}"`);
      return li;
    }),
  ];
  const list = el("ul");
  list.replaceChildren(...items);
  family.replaceChildren(items.length ? list : el("p", detail.registration_number
    ? "Geen eerdere gesprekken of verzoeken." : "Pas na de identiteitscontrole bekend.", "muted"));
  renderList(document.getElementById("slots"), Object.entries(detail.slots));
  renderList(document.getElementById("raw-registration"), known ? Object.entries(reg.status) : []);
}

// A half-written reply or note, kept per conversation in this browser until it is sent.
function keepDraft(box, key) {
  box.value = localStorage.getItem(key) || box.value;
  box.addEventListener("input", () => {
    if (box.value) localStorage.setItem(key, box.value); else localStorage.removeItem(key);
  });
  return () => { box.value = ""; localStorage.removeItem(key); };
}

// "/" at the start of the reply box: the canned replies whose title or text holds what
// follows, as Chatwoot's agents know it; ↑/↓ choose, Enter or Tab put the reply in the box,
// Escape closes the list (the typed text stays, so a message may still start with "/").
class CannedMenu {
  constructor(box, list, replies) {
    this.box = box;
    this.list = list;
    this.replies = replies;  // [{title, text}] in the parent's variant, filled once loaded
    this.fill = (text) => text;  // the placeholders filled in (conversationPage)
    this.matches = [];
    this.index = 0;
    box.addEventListener("input", () => this.update());
    box.addEventListener("blur", () => this.close());
  }

  update() {
    const value = this.box.value;
    const query = value.startsWith("/") && !value.includes("\n") ? value.slice(1).trim().toLowerCase() : null;
    this.matches = query === null ? [] : this.replies.filter((r) =>
      r.title.toLowerCase().includes(query) || r.text.toLowerCase().includes(query));
    this.index = 0;
    this.render();
  }

  render() {
    this.list.replaceChildren(...this.matches.map((r, i) => {
      const item = el("li", null, i === this.index ? "chosen" : "");
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", String(i === this.index));
      item.append(el("strong", r.title), " ", el("span", r.text, "muted"));
      item.addEventListener("mousedown", (event) => { event.preventDefault(); this.choose(i); });
      return item;
    }));
    this.list.hidden = this.matches.length === 0;
  }

  choose(i) {
    this.box.value = this.fill(this.matches[i].text);
    this.box.dispatchEvent(new Event("input"));  // kept as a draft, and counts as typing
    this.close();
    this.box.focus();
  }

  close() {
    this.matches = [];
    this.list.hidden = true;
  }

  // true when the key was the list's
  key(event) {
    if (this.list.hidden) return false;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      const step = event.key === "ArrowDown" ? 1 : -1;
      this.index = (this.index + step + this.matches.length) % this.matches.length;
      this.render();
    } else if ((event.key === "Enter" && !event.shiftKey && !event.isComposing) || event.key === "Tab") {
      this.choose(this.index);
    } else if (event.key === "Escape") {
      this.close();
    } else {
      return false;
    }
    event.preventDefault();
    return true;
  }
}

const TYPING_EVERY_MS = 3000;  // the parent is shown "Medewerker typt…" again after this

const REPLY_GOES = {
  email: "De ouder is niet meer in de chat. Uw antwoord gaat per e-mail naar het bekende adres (en staat ook hier in het gesprek).",
  nowhere: "De ouder is niet meer in de chat en er is geen e-mailadres bekend: een antwoord komt niet aan en wordt daarom niet verstuurd.",
};

// The conversation named by the child and number once the parent is verified (nothing
// personal before): the heading and the tab title.
function nameConversation(detail, alerts) {
  const parts = detail.child ? ["Gesprek", detail.child, detail.registration_number] : ["Gesprek"];
  document.getElementById("heading").textContent = parts.join(" · ");
  const title = `${parts.join(" · ")} · ${document.title.split(" · ").slice(1).join(" · ")}`;
  alerts.baseTitle = title;
  document.title = title;
}

// A conversation this staff member may not open (a colleague's closed one) or that is gone:
// the reason at the top, and every control switched off, so nothing looks clickable.
function shutConversation(error) {
  const main = document.querySelector("main");
  for (const control of main.querySelectorAll("button, input, textarea, select")) control.disabled = true;
  document.getElementById("export").hidden = true;
  const top = document.getElementById("closed-error");
  top.textContent = error.message;
  top.hidden = false;
}

// A note as a line of the sidebar: the time, who wrote it, and what
function noteItem(n, me) {
  const item = el("li", null, "note");
  const at = new Date(n.created_at);
  const time = el("time", at.toLocaleString("nl-NL", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" }));
  time.dateTime = n.created_at;
  item.append(time, " ", el("strong", n.author_id === me ? "Ik" : (n.author || "onbekend")), ": ", el("span", n.text));
  return item;
}

// A canned reply's placeholders, filled in for a verified parent: {kind} the child's first
// name, {ouder} the parent's name (when one parent is on file); otherwise left for staff.
function placeholders(detail) {
  const known = { kind: detail.child, ouder: detail.parents && detail.parents.length === 1 ? detail.parents[0] : null };
  return (text) => text.replace(/\{(kind|ouder)\}/g, (whole, name) => known[name] || whole);
}

async function conversationPage() {
  const id = Number(document.body.dataset.handoff);
  const me = Number(document.body.dataset.staff);
  const admin = document.body.dataset.role === "admin";
  const transcript = new Transcript(document.getElementById("messages"), document.getElementById("new-messages"));
  const reply = document.getElementById("reply");
  const alerts = new Alerts(me, id);
  let state = null;
  let typedAt = 0;

  function setText(node, text) { if (node.textContent !== text) node.textContent = text; }

  function renderState(s) {
    state = s;
    setText(document.getElementById("status"), STATUS[s.status] || s.status);
    setText(document.getElementById("assignee"), s.assigned_to ? `Behandeld door ${s.assigned_to}` : "Nog niet opgepakt");
    const mine = s.status === "active" && s.assigned_to_id === me;
    const othersHave = s.status === "active" && !mine;
    const claim = document.getElementById("claim");
    claim.disabled = s.status === "closed" || mine || (othersHave && !admin);
    claim.title = othersHave && !admin ? "Een collega heeft dit gesprek; alleen die collega of een beheerder kan het overdragen." : "";
    const moves = s.status === "waiting" || mine || (admin && s.status === "active");
    document.getElementById("assign").disabled = !moves || !document.getElementById("assign-to").options.length;
    document.getElementById("release").disabled = !(mine || (admin && s.status === "active"));
    for (const form of ["reply-form", "handback-form"]) {
      for (const control of document.getElementById(form).elements) control.disabled = !mine;
    }
    transcript.show(s.messages);
    if (s.summary) setText(document.getElementById("summary"), s.summary);
    const parentSaid = s.messages.filter((m) => m.who === "parent").length;
    if (document.visibilityState === "visible") localStorage.setItem(seenKey(id), String(parentSaid));
    const viewers = document.getElementById("viewers");
    const others = (s.viewers || []).map((v) => v.writing ? `${v.name} schrijft een antwoord…` : `${v.name} bekijkt dit gesprek ook`);
    setText(viewers, others.join(" · "));
    viewers.hidden = others.length === 0;
    const presence = document.getElementById("presence");
    let said = REPLY_GOES[s.reply_goes] || "";
    if (!said && s.reply_goes === "chat" && state.channel === "website") said = "De ouder is verbonden met de chat.";
    setText(presence, said);
    presence.hidden = !said || s.status === "closed";
    presence.classList.toggle("gone", s.reply_goes === "email" || s.reply_goes === "nowhere");
    document.getElementById("parent-typing").hidden = !s.parent_typing || s.status === "closed";
  }

  let detail;
  try { detail = await api("GET", `/api/conversations/${id}`); } catch (error) {
    shutConversation(error);
    return;
  }
  nameConversation(detail, alerts);
  const notes = document.getElementById("notes");
  const shownNotes = new Set();
  let rated = "";
  // what the feed changes outside the transcript: the notes (a colleague's too, with author
  // and time) and, after the hand-back, the parent's score in the context panel
  function renderSide(s) {
    for (const n of s.notes || []) {
      if (shownNotes.has(n.id)) continue;
      shownNotes.add(n.id);
      notes.appendChild(noteItem(n, me));
    }
    const now = `${s.status}|${s.satisfaction}|${s.satisfaction_comment}`;
    if (now !== rated) {
      rated = now;
      renderContext({ ...detail, status: s.status, satisfaction: s.satisfaction, satisfaction_comment: s.satisfaction_comment });
    }
  }
  renderState({ ...detail, viewers: [], reply_goes: null });
  renderSide(detail);
  // the proposed closing message, in the parent's language and the hour's wish (staff may change it)
  document.getElementById("closing").value = detail.closing_text;

  // the controls work from the first render on; the lists below load after them
  const assignTo = document.getElementById("assign-to");
  const writing = () => reply.value.trim() !== "" && Date.now() - typedAt < 5000;
  async function refresh() {
    const feed = await api("GET", `/api/conversations/${id}/messages${writing() ? "?writing=true" : ""}`);
    renderState({ ...state, ...feed });
    renderSide(feed);
  }
  async function act(work, where) {
    try { await work(); clearError(where); await refresh(); } catch (error) { showError(error, where); }
  }
  const clearReply = keepDraft(reply, `console:draft:${id}:reply`);
  let typingShownAt = 0;
  let typingSent = Promise.resolve();
  reply.addEventListener("input", () => {
    typedAt = Date.now();
    // the parent sees that someone is typing (website, WhatsApp, Messenger)
    const mine = state.status === "active" && state.assigned_to_id === me;
    if (mine && reply.value.trim() && typedAt - typingShownAt >= TYPING_EVERY_MS) {
      typingShownAt = typedAt;
      typingSent = api("POST", `/api/conversations/${id}/typing`).catch(() => {});
    }
  });
  const cannedReplies = [];
  const menu = new CannedMenu(reply, document.getElementById("canned-menu"), cannedReplies);
  reply.addEventListener("keydown", (event) => {  // Enter sends, Shift+Enter is a new line
    if (menu.key(event)) return;
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      if (reply.value.trim()) document.getElementById("reply-form").requestSubmit();
    }
  });
  document.getElementById("claim").addEventListener("click", () => act(async () => {
    await api("POST", `/api/conversations/${id}/claim`);
    await refresh();
    reply.focus();
  }, "actions-error"));
  document.getElementById("assign").addEventListener("click", () => act(() =>
    api("POST", `/api/conversations/${id}/assign`, { staff_id: Number(assignTo.value) }), "actions-error"));
  document.getElementById("release").addEventListener("click", () => act(() =>
    api("POST", `/api/conversations/${id}/release`), "actions-error"));
  document.getElementById("reply-form").addEventListener("submit", (event) => {
    event.preventDefault();
    let notice = null;  // e.g. in the conversation, but its e-mail did not go: not to be sent again
    act(async () => {
      await typingSent;  // "typing" reaches the parent before the message it announces, not after
      notice = (await api("POST", `/api/conversations/${id}/reply`, { text: reply.value })).notice;
      clearReply();
    }, "reply-error").then(() => { if (notice) showError(new Error(notice), "reply-error"); });
  });
  document.getElementById("handback-form").addEventListener("submit", (event) => {
    event.preventDefault();
    // it ends the conversation with staff and cannot be undone: asked first (button and Alt+T)
    const closing = document.getElementById("closing").value.trim();
    if (!window.confirm(closing
      ? `Het gesprek teruggeven aan de assistent? De ouder krijgt dit afsluitende bericht:\n\n${closing}`
      : "Het gesprek teruggeven aan de assistent, zonder afsluitend bericht?")) return;
    act(() => api("POST", `/api/conversations/${id}/handback`, { message: document.getElementById("closing").value }), "handback-error");
  });
  shortcuts();  // with the controls, before the lists load
  const noteBox = document.getElementById("note");
  const clearNote = keepDraft(noteBox, `console:draft:${id}:note`);
  document.getElementById("note-form").addEventListener("submit", (event) => {
    event.preventDefault();
    act(async () => {
      await api("POST", `/api/conversations/${id}/notes`, { text: noteBox.value });
      clearNote();  // the note shows with the next poll (act refreshes), with its time
    }, "note-error");
  });
  const canned = document.getElementById("canned");
  const fill = placeholders(detail);
  menu.fill = fill;
  // each reply in the parent's variant (u, je, English); the formal one if it has none;
  // loaded again every ten seconds and when staff go to the list, so a reply an admin
  // added or changed ("Teksten en tijden") shows without a reload, here and in the "/" menu
  let cannedSeen = "";
  async function loadCanned() {
    const replies = await api("GET", "/api/canned-replies");
    const options = replies.map((r) => {
      const own = r.texts && r.texts[detail.variant];
      const option = el("option", own || detail.variant !== "en" ? r.title : `${r.title} (geen Engelse versie)`);
      option.value = own || r.text;
      return option;
    });
    const seen = JSON.stringify(options.map((o) => [o.textContent, o.value]));
    if (seen === cannedSeen) return;
    cannedSeen = seen;
    const chosen = canned.value;
    canned.replaceChildren(el("option", replies.length ? "—" : "— nog geen standaardantwoorden —"), ...options);
    canned.options[0].value = "";
    canned.value = chosen;
    cannedReplies.splice(0, cannedReplies.length, ...options.map((o, i) => ({ title: replies[i].title, text: o.value })));
    document.getElementById("canned-empty").hidden = replies.length > 0;
  }
  await loadCanned();
  let cannedAt = Date.now();
  const freshCanned = () => {  // once for the pointer over the list and the focus after it
    if (Date.now() - cannedAt < 2 * POLL_MS) return;
    cannedAt = Date.now();
    loadCanned().catch(() => {});
  };
  canned.addEventListener("mouseenter", freshCanned);
  canned.addEventListener("focus", freshCanned);
  // put in where the cursor is (or over the selection), keeping what was typed around it
  canned.addEventListener("change", () => {
    if (!canned.value) return;
    const text = fill(canned.value);
    const start = reply.selectionStart ?? reply.value.length;
    const end = reply.selectionEnd ?? start;
    reply.setRangeText(text, start, end, "end");
    canned.value = "";
    reply.dispatchEvent(new Event("input"));  // kept as a draft, and counts as typing
    reply.focus();
  });
  // only colleagues who can reply: agents and admins with an active account
  for (const s of await api("GET", "/api/staff")) {
    if (!s.active || s.role === "management") continue;
    const option = el("option", s.id === me ? `${s.name} (ik)` : s.name);
    option.value = s.id;
    assignTo.appendChild(option);
  }
  renderState(state);

  setInterval(() => refresh().catch((error) => showError(error, "error")), POLL_MS);
  setInterval(() => loadCanned().catch(() => {}), 10 * POLL_MS);
  const alertPoll = () => api("GET", "/api/queue").then((rows) => alerts.update(rows), () => {});
  alertPoll();
  setInterval(alertPoll, 3 * POLL_MS);
}

// Keyboard shortcuts of the conversation view, listed under "Sneltoetsen" (and "?" opens
// that list): Alt+O claims, Alt+T hands back (with the button's confirmation), "/" in the
// reply box picks a canned reply (CannedMenu). Alt combinations type no text (on a Mac the
// Option character is suppressed), and "?" counts only outside a text field.
function shortcuts() {
  const help = document.getElementById("shortcuts");
  document.addEventListener("keydown", (event) => {
    const inField = event.target instanceof Element && event.target.closest("input, textarea, select, [contenteditable]");
    if (event.key === "?" && !inField && !event.altKey && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      help.open = !help.open;
      if (help.open) help.scrollIntoView({ block: "nearest" });
      return;
    }
    if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const button = { KeyO: document.getElementById("claim"),
      KeyT: document.querySelector("#handback-form button[type=submit]") }[event.code];
    if (!button) return;
    event.preventDefault();
    if (!button.disabled) button.click();
  });
}

// Admin forms post their fields as JSON to data-api, then reload the page; a refusal shows
// in the form's own error line.
function apiForms() {
  for (const form of document.querySelectorAll("form[data-api]")) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      try {
        await api(form.dataset.method, form.dataset.api, Object.fromEntries(new FormData(form)));
        window.location.reload();
      } catch (error) { showError(error, form.parentElement.querySelector(".error")); }
    });
  }
}

const ROLE_NAMES = { agent: "Medewerker", admin: "Beheerder", management: "Management" };

function roleChoice(current) {
  const select = el("select");
  for (const [role, words] of Object.entries(ROLE_NAMES)) {
    const option = el("option", words);
    option.value = role;
    select.appendChild(option);
  }
  select.value = current;
  return select;
}

async function staffPage() {
  const body = document.querySelector("#staff tbody");
  const accounts = await api("GET", "/api/staff");
  const me = Number(document.body.dataset.staff);
  body.replaceChildren(...accounts.map((a) => {
    const where = errorLine(`staff-error-${a.id}`);
    const failed = (error) => showError(error, where);
    // name and role are changed in the row itself, saved together
    const name = el("input");
    Object.assign(name, { value: a.name, maxLength: 100 });
    name.setAttribute("aria-label", `Naam van ${a.email}`);
    const role = roleChoice(a.role);
    role.setAttribute("aria-label", `Rol van ${a.email}`);
    const save = el("button", "Opslaan");
    save.addEventListener("click", () => {
      if (!name.value.trim()) { failed(new Error("Vul een naam in: ouders lezen die naam in de chat.")); return; }
      api("PATCH", `/api/staff/${a.id}`, { name: name.value, role: role.value })
        .then(() => window.location.reload(), failed);
    });
    const toggle = el("button", a.active ? "Blokkeren" : "Activeren", a.active ? "danger" : "");
    toggle.addEventListener("click", () => api("PATCH", `/api/staff/${a.id}`, { active: !a.active })
      .then(() => window.location.reload(), failed));
    const signOut = el("button", "Overal uitloggen");
    signOut.addEventListener("click", () => api("POST", `/api/staff/${a.id}/sessions/end`)
      .then((r) => window.alert(r.ended === 1 ? "1 sessie beëindigd." : `${r.ended} sessies beëindigd.`), failed));
    const actions = el("span");
    actions.append(save, " ", toggle, " ", signOut);
    if (a.second_factor && a.id !== me) {
      const reset = el("button", "Tweede factor resetten");
      reset.addEventListener("click", () => {
        if (!window.confirm(`De tweede factor van ${a.email} resetten? Diegene wordt overal uitgelogd en stelt een nieuwe in.`)) return;
        api("POST", `/api/staff/${a.id}/second-factor/reset`).then(() => window.location.reload(), failed);
      });
      actions.append(" ", reset);
    }
    actions.append(where);
    const tr = row([a.email, name, role, a.active ? "ja" : "nee", a.second_factor ? "aan" : "uit", actions]);
    tr.dataset.staff = a.id;
    return tr;
  }));
}

async function accountPage() {
  const body = document.querySelector("#sessions tbody");
  const list = await api("GET", "/api/sessions");
  body.replaceChildren(...list.map((s) => {
    const end = el("button", s.current ? "Uitloggen" : "Beëindigen");
    const where = errorLine(`session-error-${s.id}`);  // next to the button, not atop the page
    end.addEventListener("click", () => api("DELETE", `/api/sessions/${s.id}`)
      .then(() => window.location.reload(), (error) => showError(error, where)));
    const when = (iso) => new Date(iso).toLocaleString("nl-NL");
    const control = el("span");
    control.append(end, where);
    return row([when(s.started_at), s.current ? "nu (deze sessie)" : when(s.last_seen_at),
      s.user_agent || "onbekend", s.ip, control]);
  }));
}

async function repliesPage() {
  const body = document.querySelector("#replies tbody");
  const replies = await api("GET", "/api/canned-replies");
  body.replaceChildren(...replies.map((r) => {
    const remove = el("button", "Verwijderen", "danger");
    const where = errorLine(`reply-error-${r.id}`);  // next to the button, not in the add form
    remove.addEventListener("click", () => {
      // asked first, as on "Teksten en tijden" (where a removed reply can be put back)
      if (!window.confirm(`Het standaardantwoord "${r.title}" verwijderen? U kunt het later terugzetten op Teksten en tijden.`)) return;
      api("DELETE", `/api/canned-replies/${r.id}`).then(() => window.location.reload(), (error) => showError(error, where));
    });
    const control = el("span");
    control.append(remove, where);
    return row([r.title, r.text, r.text_je || "(zelfde als u)", r.text_en || "—", control]);
  }));
}

// the audit log's actions as staff read them (an unknown one shows as recorded)
const AUDIT_ACTIONS = {
  login: "ingelogd", second_factor_on: "tweede factor ingesteld", second_factor_reset: "tweede factor gereset",
  password_reset: "wachtwoord opnieuw ingesteld", password_reset_mail: "mail 'wachtwoord vergeten' verstuurd",
  session_end: "sessie beëindigd", sessions_end: "overal uitgelogd",
  queue_view: "wachtrij bekeken", view: "gesprek geopend", history_search: "eerdere gesprekken gezocht",
  claim: "gesprek overgenomen", assign: "gesprek toegewezen", release: "terug in de wachtrij",
  unassign: "gesprek vrijgegeven (account geblokkeerd)", reply: "antwoord verstuurd", note: "notitie opgeslagen",
  handback: "teruggegeven aan de assistent", export: "gesprek geëxporteerd",
  requests_view: "verzoeken bekeken", request_claim: "verzoek opgepakt", request_note: "notitie bij verzoek",
  request_resolved: "verzoek verwerkt", request_rejected: "verzoek afgewezen", request_unassign: "verzoek vrijgegeven",
  request_chat_view: "chat bij verzoek bekeken", requests_export: "verzoeken gedownload (CSV)",
  staff_add: "medewerker toegevoegd", staff_change: "medewerker gewijzigd",
  canned_add: "standaardantwoord toegevoegd", canned_delete: "standaardantwoord verwijderd",
  family_export: "gezinsgegevens geëxporteerd", family_erase: "gezinsgegevens verwijderd",
  dashboard_view: "dashboard bekeken", dashboard_export: "dashboard gedownload (CSV)", nlu_label: "bericht gelabeld", feedback_export: "reacties gedownload",
  feedback_named: "naam bij reactie ingezien", theme_create: "thema toegevoegd", theme_edit: "thema gewijzigd",
  theme_move: "reactie naar ander thema", we_did_note: "'wij deden' opgeslagen",
  updates_consent: "toestemming updates", updates_opt_out: "afgemeld voor updates",
  edit_text: "tekst gewijzigd", edit_hours: "openingstijden gewijzigd", edit_closure_add: "sluitingsdag toegevoegd",
  edit_closure_remove: "sluitingsdag verwijderd", edit_keywords: "trefwoorden gewijzigd", edit_cadence: "updateritme gewijzigd",
  edit_mail: "mailtekst gewijzigd", edit_button: "knoptekst gewijzigd", edit_fact: "gegeven van de organisatie gewijzigd",
  canned_edit: "standaardantwoord gewijzigd", edit_revert: "wijziging teruggedraaid", edit_export: "teksten gedownload",
};
const AUDIT_PAGE = 50;

async function auditPage() {
  const form = document.getElementById("audit-filters");
  const body = document.querySelector("#audit tbody");
  const choice = form.elements.action;
  for (const action of (await api("GET", "/api/audit/actions")).actions) {
    const option = el("option", AUDIT_ACTIONS[action] || action);
    option.value = action;
    choice.appendChild(option);
  }
  let offset = 0;
  async function show() {
    const query = new URLSearchParams({ limit: AUDIT_PAGE, offset });
    for (const [name, value] of new FormData(form)) if (String(value).trim()) query.set(name, String(value).trim());
    try {
      const entries = await api("GET", `/api/audit?${query}`);
      body.replaceChildren(...entries.map((e) => {
        const action = el("span", AUDIT_ACTIONS[e.action] || e.action);
        action.title = e.action;
        const detail = el("span", e.detail_text);
        if (e.detail_text !== e.detail) detail.title = e.detail;  // as recorded
        return row([new Date(e.at).toLocaleString("nl-NL"), e.staff, action, e.handoff_id ?? "", e.ip, detail]);
      }));
      document.getElementById("audit-empty").hidden = entries.length > 0;
      document.getElementById("audit-newer").disabled = offset === 0;
      document.getElementById("audit-older").disabled = entries.length < AUDIT_PAGE;
      document.getElementById("audit-page").textContent = entries.length
        ? `regel ${offset + 1}–${offset + entries.length}` : "";
      clearError("audit-error");
    } catch (error) { showError(error, "audit-error"); }
  }
  form.addEventListener("submit", (event) => { event.preventDefault(); offset = 0; show(); });
  form.addEventListener("change", () => { offset = 0; show(); });
  document.getElementById("audit-newer").addEventListener("click", () => { offset = Math.max(0, offset - AUDIT_PAGE); show(); });
  document.getElementById("audit-older").addEventListener("click", () => { offset += AUDIT_PAGE; show(); });
  await show();
}

const OUTCOME = { open: "open", accepted: "aangenomen", declined: "afgeslagen", expired: "verlopen" };

function offerText(o) {  // the offer an answer names, as staff read it
  const days = o.weekdays.split("|").join(", ");
  const date = (iso) => new Date(`${iso}T12:00:00`).toLocaleDateString("nl-NL", { weekday: "short", day: "numeric", month: "long", year: "numeric" });
  return `Aanbod ${o.offer_id ?? ""}: ${o.location}${o.group_name ? ` (${o.group_name})` : ""}, ${days}, ` +
    `start ${date(o.start_date)}, reageren uiterlijk ${date(o.respond_by)} · ${OUTCOME[o.outcome]}`;
}

// what the parent asked, in their own words, what that asks for in words, and the chat
function requestCell(r) {
  const cell = el("div", null, "request");
  cell.append(el("p", `"${r.details}"`, "words"));
  if (r.requested) cell.append(el("p", `Gevraagd: ${r.requested}`, "muted requested"));
  if (r.birth_date) cell.append(el("p", `Geboortedatum ${new Date(`${r.birth_date}T12:00:00`).toLocaleDateString("nl-NL")} (bij afhandelen opgeslagen)`, "muted"));
  if (r.offer) cell.append(el("p", offerText(r.offer), "muted offer"));
  const links = el("p", null, "chat-links");
  if (r.chat_handoff_id) links.append(link("Gesprek openen", `/conversations/${r.chat_handoff_id}`), " ");
  if (r.has_chat) {
    const show = el("button", "Chat bekijken", "link-button chat-toggle");
    show.type = "button";
    const list = el("ol", null, "chat");
    list.hidden = true;
    show.addEventListener("click", async () => {
      if (!list.hidden) { list.hidden = true; show.textContent = "Chat bekijken"; return; }
      try {
        const chat = await api("GET", `/api/requests/${r.id}/chat`);
        list.replaceChildren(...chat.messages.map((m) => {
          const item = el("li", null, `msg ${m.who}`);
          item.append(el("span", WHO[m.who] || m.who, "who"), el("span", m.text, "text"));
          return item;
        }));
        if (!chat.messages.length) list.replaceChildren(el("li", "De chat is niet meer bewaard.", "muted"));
        list.hidden = false;
        show.textContent = "Chat verbergen";
      } catch (error) { showError(error, `request-error-${r.id}`); }
    });
    links.append(show);
    cell.append(links, list);
  } else if (r.chat_handoff_id) cell.append(links);
  return cell;
}

// the child and the registration as it stands now, in words
function registrationCell(r) {
  const cell = el("div");
  cell.append(el("p", r.child ? `${r.child} · ${r.registration_number}` : r.registration_number, "child"));
  if (r.current) cell.append(el("p", r.current, "muted current"));
  return cell;
}
const SENT_BY = { channel: "in de chat", mail: "per e-mail", both: "per e-mail en in de chat", none: "niet (geen adres)" };

function errorLine(id) {
  const line = el("p", null, "error");
  line.id = id;
  line.setAttribute("role", "alert");
  line.hidden = true;
  return line;
}

function requestWork(r, me, refresh) {
  const box = el("div", null, "request-work");
  if (r.status === "resolved" || r.status === "rejected") {
    box.appendChild(el("p", `${r.outcome || ""} (${SENT_BY[r.outcome_sent_by] || "—"})`));
    return box;
  }
  if (r.status === "withdrawn") {  // taken back in the chat: nothing left to do
    box.appendChild(el("p", `ingetrokken door de ouder op ${new Date(r.closed_at).toLocaleString("nl-NL")}`, "muted"));
    return box;
  }
  if (document.body.dataset.role === "management") {  // reads the list, works on nothing
    box.appendChild(el("p", r.assigned_to ? `opgepakt door ${r.assigned_to}` : "nog niet opgepakt", "muted"));
    return box;
  }
  if (r.status === "open" || r.assigned_to_id !== me) {
    const claim = el("button", r.status === "open" ? "Oppakken" : `Opgepakt door ${r.assigned_to}`);
    claim.disabled = r.status !== "open";
    const where = `request-error-${r.id}`;
    claim.addEventListener("click", () => api("POST", `/api/requests/${r.id}/claim`).then(refresh, (error) => showError(error, where)));
    box.append(errorLine(where));
    box.appendChild(claim);
    return box;
  }
  const note = el("textarea"); note.rows = 2; note.value = r.note; note.placeholder = "Interne notitie";
  note.dataset.field = "note"; note.dataset.initial = r.note;
  const where = `request-error-${r.id}`;  // the row's error line, under its buttons
  const saveNote = el("button", "Notitie opslaan");
  saveNote.addEventListener("click", () => api("PUT", `/api/requests/${r.id}/note`, { text: note.value })
    .then(refresh, (error) => showError(error, where)));
  const message = el("textarea"); message.rows = 2; message.placeholder = "Bericht aan de ouder";
  message.dataset.field = "message"; message.dataset.initial = "";
  const buttons = el("div", null, "buttons");
  for (const [outcome, title] of [["resolved", "Verwerkt"], ["rejected", "Afwijzen"]]) {
    const button = el("button", title, outcome === "rejected" ? "danger" : "done");
    button.dataset.outcome = outcome;
    button.addEventListener("click", () => {
      if (!message.value.trim()) { showError(new Error("Schrijf eerst een bericht aan de ouder."), where); return; }
      // a rejection cannot be undone and reaches the parent at once: asked first
      if (outcome === "rejected" && !window.confirm(`Het verzoek van ${r.child || r.registration_number} afwijzen? ` +
        `De ouder krijgt dit bericht:\n\n${message.value.trim()}`)) return;
      api("POST", `/api/requests/${r.id}/close`, { outcome, message: message.value })
        .then(refresh, (error) => showError(error, where));
    });
    buttons.appendChild(button);
  }
  buttons.prepend(saveNote);
  box.append(note, message, buttons, errorLine(where));
  return box;
}

// when it came in, and the day the parent was promised an answer by (5 working days)
function receivedCell(r) {
  const cell = el("div");
  const due = new Date(`${r.due_on}T12:00:00`).toLocaleDateString("nl-NL", { weekday: "short", day: "numeric", month: "short" });
  cell.append(el("p", `${new Date(r.created_at).toLocaleDateString("nl-NL")} (${r.age_days} d)`),
    el("p", r.overdue ? `te laat: beloofd uiterlijk ${due}` : `antwoord uiterlijk ${due}`, r.overdue ? "due late" : "due muted"));
  return cell;
}

// A row rebuilt by a poll keeps what staff were doing in it: typed text, the focus and an
// opened chat. A row whose request did not change is not rebuilt at all.
function keepWork(before, after) {
  for (const box of before.querySelectorAll("textarea[data-field]")) {
    const twin = after.querySelector(`textarea[data-field="${box.dataset.field}"]`);
    if (twin && box.value !== box.dataset.initial) twin.value = box.value;
    if (twin && document.activeElement === box) {
      twin.focus();
      twin.setSelectionRange(box.selectionStart, box.selectionEnd);
    }
  }
  const chat = before.querySelector("ol.chat");
  if (chat && !chat.hidden) after.querySelector(".chat-toggle")?.click();
}

async function requestsPage() {
  const me = Number(document.body.dataset.staff);
  const form = document.getElementById("request-filters");
  const body = document.querySelector("#requests tbody");
  const exportLink = document.getElementById("export-requests");
  // a link from a conversation's panel: that family's requests, the one clicked marked
  const params = new URLSearchParams(window.location.search);
  for (const name of ["number", "status", "kind", "location"]) {
    if (params.get(name) && form.elements[name]) form.elements[name].value = params.get(name);
  }
  const wanted = params.get("request");
  let first = true;
  async function refresh() {
    const query = new URLSearchParams();
    for (const [name, value] of new FormData(form)) if (String(value).trim()) query.set(name, String(value).trim());
    exportLink.href = `/api/requests/export.csv?${query}`;
    const requests = await api("GET", `/api/requests?${query}`);
    const shown = new Map([...body.children].map((tr) => [tr.dataset.request, tr]));
    const focused = document.activeElement;
    const rows = requests.map((r) => {
      const signature = JSON.stringify(r);
      const before = shown.get(String(r.id));
      if (before && before.dataset.signature === signature) return before;
      const status = REQUEST_STATUS[r.status] + (r.confirmed ? "" : " · bevestiging niet verstuurd");
      const tr = row([receivedCell(r), r.kind_text,
        registrationCell(r), requestCell(r), r.channel, status, requestWork(r, me, refresh)]);
      tr.dataset.request = r.id;
      tr.dataset.signature = signature;
      if (String(r.id) === wanted) tr.classList.add("wanted");
      if (r.overdue) tr.classList.add("overdue");
      if (before) keepWork(before, tr);
      return tr;
    });
    const same = rows.length === body.children.length && rows.every((tr, i) => body.children[i] === tr);
    if (!same) {
      body.replaceChildren(...rows);
      if (focused && focused !== document.activeElement && body.contains(focused)) focused.focus();
    }
    document.getElementById("requests-empty").hidden = requests.length > 0;
    clearError("requests-error");
    const marked = body.querySelector("tr.wanted");
    if (marked && first) marked.scrollIntoView({ block: "center" });
    first = false;
  }
  const failed = (error) => showError(error, "requests-error");
  form.addEventListener("change", () => refresh().catch(failed));
  form.addEventListener("submit", (event) => { event.preventDefault(); refresh().catch(failed); });
  await refresh();
  // a colleague's claim or a new request shows without a reload, like the queue
  let polling = false;
  setInterval(() => {
    if (polling) return;
    polling = true;
    refresh().catch(failed).finally(() => { polling = false; });
  }, 3 * POLL_MS);
}

// "1 gesprek", "2 gesprekken"
function count(n, one, more) {
  return `${n} ${n === 1 ? one : more}`;
}

async function familiesPage() {
  const form = document.getElementById("family-form");
  const result = document.getElementById("family-result");
  const failed = (error) => { result.textContent = ""; showError(error, "family-error"); };
  function which() {
    const query = new URLSearchParams();
    for (const [name, value] of new FormData(form)) if (String(value).trim()) query.set(name, String(value).trim());
    return query;
  }
  form.addEventListener("input", () => { result.textContent = ""; clearError("family-error"); });
  document.getElementById("family-export").addEventListener("click", () => {
    window.location = `/api/families/export?${which()}`;
  });
  document.getElementById("family-document").addEventListener("click", () => {
    window.open(`/admin/families/document?${which()}`, "_blank");
  });
  document.getElementById("family-erase").addEventListener("click", async () => {
    result.textContent = "";
    clearError("family-error");
    // erasure cannot be undone: the admin names the registrations; the server erases only
    // when they are exactly the ones found (else 409, naming them)
    const typed = window.prompt("Alle gesprekken, verzoeken en e-mails van dit gezin worden definitief " +
      "verwijderd. Typ ter bevestiging de inschrijfnummers (gescheiden door komma's):");
    if (!typed || !typed.trim()) return;
    const confirm = typed.split(/[\s,;]+/).filter(Boolean);
    try {
      const erased = await api("POST", "/api/families/erase", { ...Object.fromEntries(which()), confirm });
      const numbers = erased.numbers.join(", ");
      const nothing = ["conversations", "events", "handoffs", "requests", "identity_records", "mails"]
        .every((key) => !erased[key]);
      result.textContent = nothing ? `Er was niets (meer) van dit gezin (${numbers}) om te verwijderen.`
        : `Verwijderd voor ${numbers}: ${count(erased.conversations, "gesprek", "gesprekken")}, ` +
          `${count(erased.requests, "verzoek", "verzoeken")}, ${count(erased.mails, "e-mail", "e-mails")}.`;
    } catch (error) { failed(error); }
  });
}

async function familyDocumentPage() {
  document.getElementById("print").addEventListener("click", () => window.print());
}

const PAGES = { "family-document": familyDocumentPage, queue: queuePage, conversation: conversationPage, "admin-staff": staffPage, account: accountPage,
  "admin-replies": repliesPage, "admin-audit": auditPage, requests: requestsPage, "admin-families": familiesPage };
apiForms();
const page = PAGES[document.body.dataset.page];
if (page) page().catch(showError);
