// The console's pages: everything shown comes from the JSON API and is put on the page
// with textContent, never as HTML, so a parent's message can never run as code.
"use strict";

const csrf = document.querySelector('meta[name="csrf-token"]').content;
const POLL_MS = 1000;

async function api(method, path, body) {
  const options = { method, headers: { "X-CSRF-Token": csrf }, credentials: "same-origin" };
  if (body !== undefined) {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  const response = await fetch(path, options);
  if (response.status === 401) { window.location = "/login"; throw new Error("log in"); }
  const data = response.status === 204 ? null : await response.json();
  if (!response.ok) throw new Error((data && data.detail) ? JSON.stringify(data.detail) : response.statusText);
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

function showError(error) {
  const box = document.querySelector(".error");
  if (box) { box.textContent = error.message; box.hidden = false; }
}

function minutes(seconds) {
  if (seconds < 60) return `${seconds} s`;
  const m = Math.floor(seconds / 60);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} u ${m % 60} min`;
}

const STATUS = { waiting: "wacht", active: "in behandeling", closed: "terug bij de assistent" };
const WHO = { parent: "Ouder", bot: "Assistent", staff: "Medewerker" };

async function queuePage() {
  const body = document.querySelector("#queue tbody");
  async function refresh() {
    const rows = await api("GET", "/api/queue");
    body.replaceChildren(...rows.map((h) => {
      const link = el("a", "Openen");
      link.href = `/conversations/${h.id}`;
      const tr = row([minutes(h.waiting_seconds), STATUS[h.status] + (h.assigned_to ? ` (${h.assigned_to})` : ""),
        h.channel, h.reason_text, h.summary, link]);
      tr.dataset.handoff = h.id;
      return tr;
    }));
    document.getElementById("queue-empty").hidden = rows.length > 0;
  }
  await refresh();
  setInterval(() => refresh().catch(showError), POLL_MS);
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
          h.reason_text, h.summary, link]);
      }));
      table.hidden = rows.length === 0;
      document.getElementById("history-empty").hidden = rows.length > 0;
    } catch (error) { showError(error); }
  });
}

function renderMessages(messages) {
  const list = document.getElementById("messages");
  list.replaceChildren(...messages.map((m) => {
    const item = el("li", null, `msg ${m.who}`);
    item.appendChild(el("span", WHO[m.who] || m.who, "who"));
    item.appendChild(el("span", m.text, "text"));
    if (m.via === "email") item.appendChild(el("span", m.who === "parent" ? "per e-mail ontvangen" : "per e-mail verstuurd", "via"));
    if (m.at) item.appendChild(el("time", new Date(m.at).toLocaleTimeString("nl-NL")));
    return item;
  }));
  list.scrollTop = list.scrollHeight;
}

function renderList(dl, entries) {
  dl.replaceChildren();
  for (const [key, value] of entries) {
    dl.appendChild(el("dt", key));
    dl.appendChild(el("dd", typeof value === "object" ? JSON.stringify(value) : value));
  }
}

async function conversationPage() {
  const id = document.body.dataset.handoff;
  const me = Number(document.body.dataset.staff);
  let state = null;

  function renderState(s) {
    state = s;
    document.getElementById("status").textContent = STATUS[s.status] || s.status;
    document.getElementById("assignee").textContent = s.assigned_to ? `Behandeld door ${s.assigned_to}` : "Nog niet opgepakt";
    const mine = s.status === "active" && s.assigned_to_id === me;
    document.getElementById("claim").disabled = s.status === "closed" || mine;
    for (const form of ["reply-form", "handback-form"]) {
      for (const control of document.getElementById(form).elements) control.disabled = !mine;
    }
    renderMessages(s.messages);
  }

  const detail = await api("GET", `/api/conversations/${id}`);
  renderState(detail);
  renderList(document.getElementById("context"), [
    ["Kanaal", detail.channel], ["Reden", detail.reason_text],
    ["Identiteit", detail.identity_verified ? "geverifieerd" : "niet geverifieerd"],
    ["Inschrijving", detail.registration_number || "—"],
    ["Taal", detail.language === "en" ? "Engels" : "Nederlands"],
    ["Binnengekomen", new Date(detail.created_at).toLocaleString("nl-NL")],
    ...(detail.status === "closed" ? [["Tevredenheid", detail.satisfaction
      ? `${detail.satisfaction}/5${detail.satisfaction_comment ? ` – ${detail.satisfaction_comment}` : ""}`
      : "geen cijfer gegeven"]] : []),
    ...(detail.answers_update ? [["Reageert op update", `${detail.answers_update.moment} van ` +
      new Date(detail.answers_update.sent_at).toLocaleDateString("nl-NL")]] : []),
  ]);
  document.getElementById("summary").textContent = detail.summary;
  // the proposed closing message, in the parent's language (staff may change it)
  document.getElementById("closing").value = detail.closing_text;
  const reg = document.getElementById("registration");
  if (!detail.registration) reg.textContent = "Alleen zichtbaar na een geslaagde identiteitscontrole.";
  else if (!detail.registration.status) reg.textContent = "Inschrijving niet gevonden.";
  else {
    const dl = el("dl");
    renderList(dl, Object.entries(detail.registration.status));
    const updates = (detail.registration.updates || []).map((u) =>
      el("li", `${u.sent_at ? new Date(u.sent_at).toLocaleDateString("nl-NL") : "—"}: ${u.moment} (${u.channel}, ${u.status})`));
    const list = el("ul");
    list.replaceChildren(...updates);
    const received = updates.length ? [el("h3", "Updates ontvangen"), list] : [];
    reg.replaceChildren(dl, ...detail.registration.estimate.map((s) => el("p", s)), ...received);
  }
  renderList(document.getElementById("slots"), Object.entries(detail.slots));
  const notes = document.getElementById("notes");
  notes.replaceChildren(...detail.notes.map((n) => el("li", `${n.author}: ${n.text}`)));

  // the controls work from the first render on; the lists below load after them
  const assignTo = document.getElementById("assign-to");
  async function refresh() { renderState({ ...state, ...(await api("GET", `/api/conversations/${id}/messages`)) }); }
  async function act(work) {
    try { await work(); await refresh(); document.getElementById("error").hidden = true; } catch (error) { showError(error); }
  }
  document.getElementById("claim").addEventListener("click", () => act(() => api("POST", `/api/conversations/${id}/claim`)));
  document.getElementById("assign").addEventListener("click", () => act(() =>
    api("POST", `/api/conversations/${id}/assign`, { staff_id: Number(assignTo.value) })));
  document.getElementById("reply-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const box = document.getElementById("reply");
    act(async () => { await api("POST", `/api/conversations/${id}/reply`, { text: box.value }); box.value = ""; });
  });
  document.getElementById("handback-form").addEventListener("submit", (event) => {
    event.preventDefault();
    act(() => api("POST", `/api/conversations/${id}/handback`, { message: document.getElementById("closing").value }));
  });
  document.getElementById("note-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const box = document.getElementById("note");
    act(async () => {
      await api("POST", `/api/conversations/${id}/notes`, { text: box.value });
      notes.appendChild(el("li", `Ik: ${box.value}`));
      box.value = "";
    });
  });
  const canned = document.getElementById("canned");
  for (const r of await api("GET", "/api/canned-replies")) {
    const option = el("option", r.title);
    option.value = r.text;
    canned.appendChild(option);
  }
  canned.addEventListener("change", () => { if (canned.value) document.getElementById("reply").value = canned.value; });
  for (const s of await api("GET", "/api/staff")) {
    if (!s.active || s.role === "management") continue;  // management works on no conversation
    const option = el("option", s.name);
    option.value = s.id;
    assignTo.appendChild(option);
  }
  document.getElementById("assign").disabled = false;

  setInterval(() => refresh().catch(showError), POLL_MS);
}

// Admin forms post their fields as JSON to data-api, then reload the page.
function apiForms() {
  for (const form of document.querySelectorAll("form[data-api]")) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      try {
        await api(form.dataset.method, form.dataset.api, Object.fromEntries(new FormData(form)));
        window.location.reload();
      } catch (error) { showError(error); }
    });
  }
}

async function staffPage() {
  const body = document.querySelector("#staff tbody");
  const accounts = await api("GET", "/api/staff");
  const me = Number(document.body.dataset.staff);
  body.replaceChildren(...accounts.map((a) => {
    const toggle = el("button", a.active ? "Blokkeren" : "Activeren");
    toggle.addEventListener("click", () => api("PATCH", `/api/staff/${a.id}`, { active: !a.active })
      .then(() => window.location.reload(), showError));
    const signOut = el("button", "Overal uitloggen");
    signOut.addEventListener("click", () => api("POST", `/api/staff/${a.id}/sessions/end`)
      .then((r) => window.alert(`${r.ended} sessie(s) beëindigd.`), showError));
    const actions = el("span");
    actions.append(toggle, " ", signOut);
    if (a.second_factor && a.id !== me) {
      const reset = el("button", "Tweede factor resetten");
      reset.addEventListener("click", () => {
        if (!window.confirm(`De tweede factor van ${a.email} resetten? Diegene wordt overal uitgelogd en stelt een nieuwe in.`)) return;
        api("POST", `/api/staff/${a.id}/second-factor/reset`).then(() => window.location.reload(), showError);
      });
      actions.append(" ", reset);
    }
    return row([a.email, a.name, a.role, a.active ? "ja" : "nee", a.second_factor ? "aan" : "uit", actions]);
  }));
}

async function accountPage() {
  const body = document.querySelector("#sessions tbody");
  const list = await api("GET", "/api/sessions");
  body.replaceChildren(...list.map((s) => {
    const end = el("button", s.current ? "Uitloggen" : "Beëindigen");
    end.addEventListener("click", () => api("DELETE", `/api/sessions/${s.id}`)
      .then(() => window.location.reload(), showError));
    const when = (iso) => new Date(iso).toLocaleString("nl-NL");
    return row([when(s.started_at), s.current ? "nu (deze sessie)" : when(s.last_seen_at),
      s.user_agent || "onbekend", s.ip, end]);
  }));
}

async function repliesPage() {
  const body = document.querySelector("#replies tbody");
  const replies = await api("GET", "/api/canned-replies");
  body.replaceChildren(...replies.map((r) => {
    const remove = el("button", "Verwijderen");
    remove.addEventListener("click", () => api("DELETE", `/api/canned-replies/${r.id}`)
      .then(() => window.location.reload(), showError));
    return row([r.title, r.text, remove]);
  }));
}

async function auditPage() {
  const body = document.querySelector("#audit tbody");
  const entries = await api("GET", "/api/audit");
  body.replaceChildren(...entries.map((e) => row([new Date(e.at).toLocaleString("nl-NL"), e.staff,
    e.action, e.handoff_id ?? "", e.ip, e.detail])));
}

const OUTCOME = { open: "open", accepted: "aangenomen", declined: "afgeslagen", expired: "verlopen" };

function offerText(o) {  // the offer an answer names, as staff read it
  const days = o.weekdays.split("|").join(", ");
  const date = (iso) => new Date(`${iso}T12:00:00`).toLocaleDateString("nl-NL", { weekday: "short", day: "numeric", month: "long", year: "numeric" });
  return `Aanbod ${o.offer_id ?? ""}: ${o.location}${o.group_name ? ` (${o.group_name})` : ""}, ${days}, ` +
    `start ${date(o.start_date)}, reageren uiterlijk ${date(o.respond_by)} · ${OUTCOME[o.outcome]}`;
}

function requestCell(r) {
  if (!r.offer) return birthNoted(r);
  const cell = el("div");
  cell.append(el("p", r.details), el("p", offerText(r.offer), "muted offer"));
  return cell;
}
const REQUEST_STATUS = { open: "open", claimed: "opgepakt", resolved: "verwerkt", rejected: "afgewezen", withdrawn: "ingetrokken door ouder" };
const SENT_BY = { channel: "in de chat", mail: "per e-mail", both: "per e-mail en in de chat", none: "niet (geen adres)" };

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
    claim.addEventListener("click", () => api("POST", `/api/requests/${r.id}/claim`).then(refresh, showError));
    box.appendChild(claim);
    return box;
  }
  const note = el("textarea"); note.rows = 2; note.value = r.note; note.placeholder = "Interne notitie";
  const saveNote = el("button", "Notitie opslaan");
  saveNote.addEventListener("click", () => api("PUT", `/api/requests/${r.id}/note`, { text: note.value }).then(refresh, showError));
  const message = el("textarea"); message.rows = 2; message.placeholder = "Bericht aan de ouder";
  const buttons = el("div", null, "buttons");
  for (const [outcome, title] of [["resolved", "Verwerkt"], ["rejected", "Afwijzen"]]) {
    const button = el("button", title);
    button.dataset.outcome = outcome;
    button.addEventListener("click", () => {
      if (!message.value.trim()) { showError(new Error("Schrijf eerst een bericht aan de ouder.")); return; }
      api("POST", `/api/requests/${r.id}/close`, { outcome, message: message.value }).then(refresh, showError);
    });
    buttons.appendChild(button);
  }
  buttons.prepend(saveNote);
  box.append(note, message, buttons);
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

// a reported birth: resolving the request records the date on the child
function birthNoted(r) {
  if (!r.birth_date) return r.details;
  const born = new Date(`${r.birth_date}T12:00:00`).toLocaleDateString("nl-NL");
  return `${r.details} · geboortedatum ${born} (bij afhandelen opgeslagen)`;
}

async function requestsPage() {
  const me = Number(document.body.dataset.staff);
  const form = document.getElementById("request-filters");
  const body = document.querySelector("#requests tbody");
  const exportLink = document.getElementById("export-requests");
  async function refresh() {
    const query = new URLSearchParams();
    for (const [name, value] of new FormData(form)) if (String(value).trim()) query.set(name, String(value).trim());
    exportLink.href = `/api/requests/export.csv?${query}`;
    const requests = await api("GET", `/api/requests?${query}`);
    body.replaceChildren(...requests.map((r) => {
      const status = REQUEST_STATUS[r.status] + (r.confirmed ? "" : " · bevestiging niet verstuurd");
      const tr = row([receivedCell(r), r.kind_text,
        r.registration_number, requestCell(r), r.channel, status, requestWork(r, me, refresh)]);
      tr.dataset.request = r.id;
      if (r.overdue) tr.classList.add("overdue");
      return tr;
    }));
    document.getElementById("requests-empty").hidden = requests.length > 0;
  }
  form.addEventListener("change", () => refresh().catch(showError));
  form.addEventListener("submit", (event) => { event.preventDefault(); refresh().catch(showError); });
  await refresh();
}

async function familiesPage() {
  const form = document.getElementById("family-form");
  const result = document.getElementById("family-result");
  function which() {
    const query = new URLSearchParams();
    for (const [name, value] of new FormData(form)) if (String(value).trim()) query.set(name, String(value).trim());
    return query;
  }
  document.getElementById("family-export").addEventListener("click", () => {
    window.location = `/api/families/export?${which()}`;
  });
  document.getElementById("family-erase").addEventListener("click", async () => {
    // erasure cannot be undone: the admin names the registrations; the server erases only
    // when they are exactly the ones found (else 409, naming them)
    const typed = window.prompt("Alle gesprekken, verzoeken en e-mails van dit gezin worden definitief " +
      "verwijderd. Typ ter bevestiging de inschrijfnummers (gescheiden door komma's):");
    if (!typed || !typed.trim()) return;
    const confirm = typed.split(/[\s,;]+/).filter(Boolean);
    try {
      const erased = await api("POST", "/api/families/erase", { ...Object.fromEntries(which()), confirm });
      result.textContent = `Verwijderd voor ${erased.numbers.join(", ")}: ${erased.conversations} gesprekken, ` +
        `${erased.requests} verzoeken, ${erased.mails} e-mails.`;
    } catch (error) { showError(error); }
  });
}

const PAGES = { queue: queuePage, conversation: conversationPage, "admin-staff": staffPage, account: accountPage,
  "admin-replies": repliesPage, "admin-audit": auditPage, requests: requestsPage, "admin-families": familiesPage };
apiForms();
const page = PAGES[document.body.dataset.page];
if (page) page().catch(showError);
