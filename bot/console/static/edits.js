// Texts and times (edits.html): head office edits parent texts, button titles, the
// organisation's facts, canned replies, hours, closure days, keywords and the update cadence. Uses console.js (csrf, el, row, dutchError). Every
// refusal is shown next to the field it is about; everything is put in with textContent.
"use strict";

const FORMS = ["u", "je", "en"];
const TOPICS = {
  urgent: "Spoed", custody: "Gezag en omgang", health: "Gezondheid, zorg of SMI",
  contract: "Contract opzeggen", data_request: "Inzage of verwijderen van gegevens (AVG)",
};
const CHANNELS = { website: "Website", whatsapp: "WhatsApp", messenger: "Messenger", email: "E-mail" };
const DAYS = [["ma", "maandag"], ["di", "dinsdag"], ["wo", "woensdag"], ["do", "donderdag"],
  ["vr", "vrijdag"], ["za", "zaterdag"], ["zo", "zondag"]];
const KINDS = { office: "Openingstijden", closure: "Sluitingsdag", keywords: "Trefwoorden", cadence: "Updates" };

// the answer and its Dutch problems per field (422), without throwing for those
async function editApi(method, path, body) {
  try {
    return { data: await api(method, path, body) };
  } catch (error) {
    if (error.status === 422 && error.body && error.body.problems) return { problems: error.body.problems };
    if (error.status === 403) throw new Error("Alleen een beheerder kan dit wijzigen.");
    throw error;
  }
}

function fieldError(name, message) {
  const box = document.getElementById(`error-${name}`);
  if (!box) return;
  box.textContent = message || "";
  box.hidden = !message;
}

function showProblems(problems, fields) {
  for (const name of fields) fieldError(name, problems[name]);
  const first = fields.find((name) => problems[name]);
  if (first) document.getElementById(`error-${first}`).scrollIntoView({ block: "nearest" });
}

function pageError(error) {
  const box = document.getElementById("error");
  box.textContent = error.message;
  box.hidden = false;
  box.scrollIntoView({ block: "nearest" });
}

const when = (iso) => new Date(iso).toLocaleString("nl-NL");
const isAdmin = document.body.dataset.admin === "true";

function revertButton(edit, after) {
  const button = el("button", "Terugzetten", "admin-only");
  button.disabled = !isAdmin;
  button.addEventListener("click", async () => {
    const done = await editApi("POST", `/api/edits/${edit.id}/revert`).catch(pageError);
    if (done && done.problems) {
      fieldError("history", Object.values(done.problems).join(" "));
      return;
    }
    if (done) after();
  });
  return button;
}

// what the list offers: the chat texts, the update mails, the buttons' titles and the
// organisation's facts, each with its API base
const GROUPS = [["texts", "Chat en pagina's (texts.yml)"], ["mails", "E-mails met updates (updates.yml)"],
  ["buttons", "Knoppen (texts.yml)"], ["facts", "Gegevens van de organisatie (texts.yml)"]];
// a button's title and a fact come in Dutch (nl, in the u-box) and English
const formsOf = (text) => (["buttons", "facts"].includes(text.base) ? ["nl", "en"] : FORMS);
const boxOf = (form) => (form === "nl" ? "u" : form);

async function editableTexts() {
  const lists = await Promise.all(GROUPS.map(([base]) => editApi("GET", `/api/edits/${base}`)));
  return lists.flatMap((list, i) => list.data.map((t) => ({ ...t, base: GROUPS[i][0] })));
}

async function textsSection() {
  const select = document.getElementById("text-key");
  const search = document.getElementById("text-search");
  let all = await editableTexts();
  const id = (t) => `${t.base}:${t.key}`;
  const byId = () => Object.fromEntries(all.map((t) => [id(t), t]));
  const chosenText = () => byId()[select.value];
  const url = (text) => `/api/edits/${text.base}/${text.key}`;

  function fillList() {
    const words = search.value.trim().toLowerCase();
    const chosen = select.value;
    // the text being edited stays in the list, also when the edit no longer matches
    const shown = all.filter((t) => !words || id(t) === chosen || t.key.includes(words) ||
      t.description.toLowerCase().includes(words) ||
      formsOf(t).some((f) => t.variants[f].text.toLowerCase().includes(words)));
    const groups = GROUPS.map(([base, label]) => {
      const group = el("optgroup");
      group.label = label;
      group.append(...shown.filter((t) => t.base === base).map((t) => {
        const edited = formsOf(t).some((f) => t.variants[f].edited) ? " (gewijzigd)" : "";
        const option = el("option", `${t.description || t.key}${edited} · ${t.key}`);
        option.value = id(t);
        return option;
      }));
      return group;
    });
    select.replaceChildren(...groups.filter((g) => g.children.length));
    if (shown.some((t) => id(t) === chosen)) select.value = chosen;
  }

  async function showHistory(text) {
    const body = document.querySelector("#text-history tbody");
    const edits = (await editApi("GET", `${url(text)}/history`)).data;
    body.replaceChildren(...edits.map((e) => row([when(e.at), e.by || "—", e.name.split(".").pop(),
      e.value === null ? "(standaardtekst)" : e.value, revertButton(e, reload)])));
    if (!edits.length) body.replaceChildren(row(["Nog niet gewijzigd: de standaardtekst geldt.", "", "", "", ""]));
  }

  function describe(text) {
    const pieces = text.placeholders.map((p) => `{${p}}`).join(", ");
    if (text.base === "buttons") {
      return `Knop · hoogstens ${text.limit} tekens (WhatsApp). Typt een ouder de titel, dan telt dat als op de knop drukken.`;
    }
    if (text.base === "facts") return `In elke tekst als {org_${text.key}} · hoogstens ${text.limit} tekens, op één regel`;
    if (text.base === "mails") return `E-mail. Invulstukjes die u kunt gebruiken: ${pieces} · hoogstens ${text.limit} tekens`;
    return text.placeholders.length
      ? `Invulstukjes in deze tekst: ${pieces} · hoogstens ${text.limit} tekens`
      : `Geen invulstukjes (wel mogelijk: {org_name}, {org_phone}, …) · hoogstens ${text.limit} tekens`;
  }

  function show() {
    const text = chosenText();
    if (!text) return;
    const about = document.getElementById("text-about");
    about.replaceChildren(el("strong", text.description || text.key), " ", el("small", text.key, "key muted"));
    document.getElementById("text-placeholders").textContent = describe(text);
    const forms = formsOf(text);
    document.getElementById("variant-je").hidden = !forms.includes("je");
    const label = document.getElementById("label-u");
    label.textContent = forms.includes("nl") ? "Nederlands" : label.dataset.label;
    for (const form of forms) {
      const box = boxOf(form);
      const area = document.getElementById(`text-${box}`);
      area.value = text.variants[form].text;
      area.readOnly = !isAdmin;
      area.rows = forms.includes("nl") ? 2 : 7;
      document.getElementById(`edited-${box}`).hidden = !text.variants[form].edited;
      document.getElementById(`default-${box}`).textContent = text.variants[form].default;
      document.getElementById(`preview-${box}`).replaceChildren();
      fieldError(box, "");
    }
    document.getElementById("text-saved").textContent = "";
    showHistory(text).catch(pageError);
  }

  async function reload() {
    all = await editableTexts();
    fillList();
    show();
  }

  const typed = () => Object.fromEntries(formsOf(chosenText())
    .map((f) => [f, document.getElementById(`text-${boxOf(f)}`).value]));
  // the API's problems (u/je/en, or nl/en) by the box they belong to
  const byBox = (problems) => Object.fromEntries(Object.entries(problems).map(([f, p]) => [boxOf(f), p]));

  document.getElementById("text-preview").addEventListener("click", async () => {
    const text = chosenText();
    const result = await editApi("POST", `${url(text)}/preview`, typed()).catch(pageError);
    if (!result) return;
    showProblems(byBox(result.data.problems), FORMS);
    for (const form of formsOf(text)) {
      document.getElementById(`preview-${boxOf(form)}`).replaceChildren(...Object.entries(result.data.channels[form])
        .map(([channel, shown]) => {
          const box = el("div", undefined, `preview ${channel}`);
          const head = el("h4", CHANNELS[channel]);
          if (shown.limit && shown.length > shown.limit) {
            head.appendChild(el("span", ` · te lang: ${shown.length} van ${shown.limit} tekens`, "too-long"));
          }
          box.append(head, el("span", shown.text));
          return box;
        }));
    }
  });

  async function save(values) {
    const result = await editApi("PUT", url(chosenText()), values).catch(pageError);
    if (!result) return;
    if (result.problems) {
      showProblems(byBox(result.problems), FORMS);
      document.getElementById("text-saved").textContent = "Niet opgeslagen.";
      return;
    }
    await reload();
    document.getElementById("text-saved").textContent = "Opgeslagen. Ouders lezen dit binnen enkele seconden.";
  }
  document.getElementById("text-save").addEventListener("click", () => save(typed()));
  document.getElementById("text-default").addEventListener("click", () => {
    const text = chosenText();
    if (!window.confirm("De standaardtekst van texts.yml terugzetten voor alle varianten?")) return;
    save(Object.fromEntries(formsOf(text).map((f) => [f, text.variants[f].default])));
  });
  search.addEventListener("input", () => { fillList(); show(); });
  select.addEventListener("change", show);
  fillList();
  show();
}

// the canned replies staff pick in a conversation: add, change, remove, with history
const CANNED_FIELDS = ["title", "text", "text_je", "text_en"];

async function cannedSection() {
  let editing = null;  // the reply being changed; null: a new one
  const field = (name) => document.getElementById(`canned-${name}`);
  const clearErrors = () => CANNED_FIELDS.forEach((name) => fieldError(`canned-${name}`, ""));

  async function showHistory() {
    const body = document.querySelector("#canned-history tbody");
    if (!editing) { body.replaceChildren(row(["Kies een antwoord om de geschiedenis te zien.", "", "", "", ""])); return; }
    const edits = await api("GET", `/api/canned-replies/${editing.id}/history`);
    body.replaceChildren(...edits.map((e) => {
      const kept = e.value ? JSON.parse(e.value) : null;
      return row([when(e.at), e.by || "—", kept ? kept.title : "(verwijderd)", kept ? kept.text : "", revertButton(e, refresh)]);
    }));
  }

  function choose(reply) {
    editing = reply;
    clearErrors();
    document.getElementById("canned-heading").textContent = reply ? `Wijzigen: ${reply.title}` : "Nieuw standaardantwoord";
    for (const name of CANNED_FIELDS) field(name).value = reply ? reply[name] || "" : "";
    document.getElementById("canned-saved").textContent = "";
    showHistory().catch(pageError);
  }

  let loads = 0;  // only the latest load fills the list (an earlier one may come back later)
  async function refresh() {
    const load = ++loads;
    const replies = await api("GET", "/api/canned-replies");
    if (load !== loads) return;
    document.querySelector("#canned-list tbody").replaceChildren(...replies.map((r) => {
      const change = el("button", "Wijzigen", "secondary");
      change.addEventListener("click", () => choose(r));
      const remove = el("button", "Verwijderen", "admin-only");
      remove.disabled = !isAdmin;
      remove.addEventListener("click", async () => {
        if (!window.confirm(`Het standaardantwoord "${r.title}" verwijderen? U kunt het later terugzetten.`)) return;
        await api("DELETE", `/api/canned-replies/${r.id}`).catch(pageError);
        if (editing && editing.id === r.id) choose(null);
        refresh().catch(pageError);
      });
      const actions = el("span");
      actions.append(change, " ", remove);
      return row([r.title, r.text, r.text_je || "(zelfde als met u)", r.text_en || "—", actions]);
    }));
    if (!replies.length) document.querySelector("#canned-list tbody").replaceChildren(row(["Nog geen standaardantwoorden.", "", "", "", ""]));
    if (editing) editing = replies.find((r) => r.id === editing.id) || null;
    const removed = await api("GET", "/api/canned-replies/removed");
    if (load !== loads) return;
    document.querySelector("#canned-removed tbody").replaceChildren(...removed.map((r) =>
      row([r.title, when(r.removed_at), revertButton({ id: r.version }, refresh)])));
    if (!removed.length) document.querySelector("#canned-removed tbody").replaceChildren(row(["Geen.", "", ""]));
    await showHistory();
  }

  document.getElementById("canned-save").addEventListener("click", async () => {
    const body = Object.fromEntries(CANNED_FIELDS.map((name) => [name, field(name).value]));
    clearErrors();
    if (!body.title.trim()) { fieldError("canned-title", "Geef een titel."); return; }
    if (!body.text.trim()) { fieldError("canned-text", "Vul de tekst met u in."); return; }
    const result = await editApi(editing ? "PUT" : "POST", editing ? `/api/canned-replies/${editing.id}` : "/api/canned-replies", body)
      .catch(pageError);
    if (!result) return;
    if (result.problems) {
      showProblems(Object.fromEntries(Object.entries(result.problems).map(([k, v]) => [`canned-${k}`, v])),
        CANNED_FIELDS.map((name) => `canned-${name}`));
      document.getElementById("canned-saved").textContent = "Niet opgeslagen.";
      return;
    }
    editing = result.data;
    await refresh();
    choose(editing);
    document.getElementById("canned-saved").textContent = "Opgeslagen. Medewerkers zien het meteen in hun keuzelijst.";
  });
  document.getElementById("canned-new").addEventListener("click", () => choose(null));
  for (const name of CANNED_FIELDS) field(name).readOnly = !isAdmin;
  // the form starts empty before the list loads: a reply chosen while the list was still
  // loading is not put back to "new" when the loading ends
  choose(null);
  await refresh();
}

// each load of the settings counts; only the latest one fills the page: the first load,
// slow on a busy server, once came back after a closure day was added and showed none
let settingsLoads = 0;

async function settingsSection() {
  const load = ++settingsLoads;
  const settings = (await editApi("GET", "/api/edits/settings")).data;
  if (load !== settingsLoads) return;
  const hours = settings.hours.current;
  document.getElementById("hours-opens").value = hours.opens;
  document.getElementById("hours-closes").value = hours.closes;
  const open = hours.days.split(",");
  document.getElementById("hours-days").replaceChildren(el("legend", "Open op"), ...DAYS.map(([code, name]) => {
    const label = el("label");
    const box = el("input");
    box.type = "checkbox";
    box.value = code;
    box.checked = open.includes(code);
    box.disabled = !isAdmin;
    label.append(box, ` ${name}`);
    return label;
  }));

  const closures = document.querySelector("#closures tbody");
  closures.replaceChildren(...settings.closures.map((c) => {
    const remove = el("button", "Verwijderen", "admin-only");
    remove.disabled = !isAdmin;
    remove.addEventListener("click", () => editApi("DELETE", `/api/edits/settings/closures/${c.day}`)
      .then(settingsSection, pageError));
    const day = new Date(`${c.day}T12:00:00`).toLocaleDateString("nl-NL", { weekday: "long", day: "numeric", month: "long", year: "numeric" });
    return row([day, c.reason, remove]);
  }));
  if (!settings.closures.length) closures.replaceChildren(row(["Geen sluitingsdagen gepland.", "", ""]));

  const keywords = document.getElementById("keywords");
  keywords.replaceChildren(...Object.entries(settings.keywords).map(([topic, words]) => {
    const box = el("div", undefined, "topic");
    const label = el("label", TOPICS[topic] || topic);
    const area = el("textarea");
    area.rows = 4;
    area.id = `keywords-${topic}`;
    area.value = words.current.join("\n");
    area.readOnly = !isAdmin;
    label.appendChild(area);
    const error = el("p", undefined, "error");
    error.id = `error-keywords-${topic}`;
    error.hidden = true;
    const save = el("button", "Trefwoorden opslaan", "admin-only");
    save.disabled = !isAdmin;
    save.addEventListener("click", async () => {
      const result = await editApi("PUT", `/api/edits/settings/keywords/${topic}`,
        { keywords: area.value.split("\n") }).catch(pageError);
      if (result && result.problems) fieldError(`keywords-${topic}`, result.problems.keywords);
      else if (result) { fieldError(`keywords-${topic}`, ""); settingsSection(); }
    });
    box.append(label, error, save);
    return box;
  }));

  document.getElementById("cadence-months").value = settings.cadence.current;
  document.getElementById("cadence-months").readOnly = !isAdmin;

  const history = document.querySelector("#settings-history tbody");
  const lists = await Promise.all(["hours", "closures", "keywords", "cadence"]
    .map((kind) => editApi("GET", `/api/edits/settings/${kind}/history`)));
  if (load !== settingsLoads) return;
  const edits = lists.flatMap((l) => l.data).sort((a, b) => b.id - a.id).slice(0, 50);
  history.replaceChildren(...edits.map((e) => {
    const what = e.kind === "keywords" ? `Trefwoorden: ${TOPICS[e.name] || e.name}`
      : e.kind === "closure" ? `Sluitingsdag ${e.name}` : KINDS[e.kind];
    let value = e.value === null ? (e.kind === "closure" ? "(verwijderd)" : "(standaard)") : e.value;
    if (e.kind === "keywords" && e.value) value = JSON.parse(e.value).join(", ");
    if (e.kind === "office" && e.value) { const h = JSON.parse(e.value); value = `${h.opens}–${h.closes}, ${h.days}`; }
    return row([when(e.at), e.by || "—", what, value, revertButton(e, settingsSection)]);
  }));
}

function settingsControls() {
  document.getElementById("hours-save").addEventListener("click", async () => {
    const days = [...document.querySelectorAll("#hours-days input:checked")].map((box) => box.value);
    const result = await editApi("PUT", "/api/edits/settings/hours", {
      opens: document.getElementById("hours-opens").value,
      closes: document.getElementById("hours-closes").value, days,
    }).catch(pageError);
    if (!result) return;
    showProblems(result.problems || {}, ["opens", "closes", "days"]);
    document.getElementById("hours-saved").textContent = result.problems ? "Niet opgeslagen." : "Opgeslagen.";
    if (!result.problems) settingsSection();
  });
  document.getElementById("closure-add").addEventListener("click", async () => {
    const day = document.getElementById("closure-day").value;
    if (!day) { fieldError("day", "Kies een dag."); return; }
    const result = await editApi("POST", "/api/edits/settings/closures", {
      day, reason: document.getElementById("closure-reason").value,
    }).catch(pageError);
    if (!result) return;
    showProblems(result.problems || {}, ["day", "reason"]);
    if (!result.problems) {
      document.getElementById("closure-day").value = "";
      document.getElementById("closure-reason").value = "";
      settingsSection();
    }
  });
  document.getElementById("cadence-save").addEventListener("click", async () => {
    const result = await editApi("PUT", "/api/edits/settings/cadence", {
      months: Number(document.getElementById("cadence-months").value),
    }).catch(pageError);
    if (!result) return;
    showProblems(result.problems || {}, ["months"]);
    document.getElementById("cadence-saved").textContent = result.problems ? "Niet opgeslagen." : "Opgeslagen.";
    if (!result.problems) settingsSection();
  });
}

if (document.body.dataset.page === "edits") {
  for (const button of document.querySelectorAll("button.admin-only")) button.disabled = !isAdmin;
  settingsControls();
  textsSection().catch(pageError);
  cannedSection().catch(pageError);
  settingsSection().catch(pageError);
}
