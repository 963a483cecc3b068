// Texts and times (edits.html): head office edits parent texts, hours, closure days,
// keywords and the update cadence. Uses console.js (csrf, el, row, dutchError). Every
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

// the chat texts (texts.yml) and the update mails (updates.yml), each with its API base
async function editableTexts() {
  const [chat, mails] = await Promise.all([editApi("GET", "/api/edits/texts"), editApi("GET", "/api/edits/mails")]);
  return [...chat.data.map((t) => ({ ...t, base: "texts" })), ...mails.data.map((m) => ({ ...m, base: "mails" }))];
}

async function textsSection() {
  const select = document.getElementById("text-key");
  const search = document.getElementById("text-search");
  let all = await editableTexts();
  const byKey = () => Object.fromEntries(all.map((t) => [t.key, t]));
  const url = (key) => `/api/edits/${byKey()[key].base}/${key}`;

  function fillList() {
    const words = search.value.trim().toLowerCase();
    const chosen = select.value;
    // the text being edited stays in the list, also when the edit no longer matches
    const shown = all.filter((t) => !words || t.key === chosen || t.key.includes(words) ||
      FORMS.some((f) => t.variants[f].text.toLowerCase().includes(words)));
    const groups = [["texts", "Chat (texts.yml)"], ["mails", "E-mails met updates (updates.yml)"]].map(([base, label]) => {
      const group = el("optgroup");
      group.label = label;
      group.append(...shown.filter((t) => t.base === base).map((t) => {
        const option = el("option", FORMS.some((f) => t.variants[f].edited) ? `${t.key} (gewijzigd)` : t.key);
        option.value = t.key;
        return option;
      }));
      return group;
    });
    select.replaceChildren(...groups.filter((g) => g.children.length));
    if (shown.some((t) => t.key === chosen)) select.value = chosen;
  }

  async function showHistory(key) {
    const body = document.querySelector("#text-history tbody");
    const edits = (await editApi("GET", `${url(key)}/history`)).data;
    body.replaceChildren(...edits.map((e) => row([when(e.at), e.by || "—", e.name.split(".").pop(),
      e.value === null ? "(standaardtekst)" : e.value, revertButton(e, reload)])));
    if (!edits.length) body.replaceChildren(row(["Nog niet gewijzigd: de standaardtekst geldt.", "", "", "", ""]));
  }

  function show() {
    const text = byKey()[select.value];
    if (!text) return;
    const pieces = text.placeholders.map((p) => `{${p}}`).join(", ");
    document.getElementById("text-placeholders").textContent = text.base === "mails"
      ? `E-mail. Invulstukjes die u kunt gebruiken: ${pieces} · hoogstens ${text.limit} tekens`
      : text.placeholders.length
        ? `Invulstukjes in deze tekst: ${pieces} · hoogstens ${text.limit} tekens`
        : `Geen invulstukjes (wel mogelijk: {org_name}, {org_phone}, …) · hoogstens ${text.limit} tekens`;
    for (const form of FORMS) {
      const box = document.getElementById(`text-${form}`);
      box.value = text.variants[form].text;
      box.readOnly = !isAdmin;
      document.getElementById(`edited-${form}`).hidden = !text.variants[form].edited;
      document.getElementById(`default-${form}`).textContent = text.variants[form].default;
      document.getElementById(`preview-${form}`).replaceChildren();
      fieldError(form, "");
    }
    document.getElementById("text-saved").textContent = "";
    showHistory(text.key).catch(pageError);
  }

  async function reload() {
    all = await editableTexts();
    fillList();
    show();
  }

  const typed = () => Object.fromEntries(FORMS.map((f) => [f, document.getElementById(`text-${f}`).value]));

  document.getElementById("text-preview").addEventListener("click", async () => {
    const result = await editApi("POST", `${url(select.value)}/preview`, typed()).catch(pageError);
    if (!result) return;
    showProblems(result.data.problems, FORMS);
    for (const form of FORMS) {
      document.getElementById(`preview-${form}`).replaceChildren(...Object.entries(result.data.channels[form])
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
    const result = await editApi("PUT", url(select.value), values).catch(pageError);
    if (!result) return;
    if (result.problems) {
      showProblems(result.problems, FORMS);
      document.getElementById("text-saved").textContent = "Niet opgeslagen.";
      return;
    }
    await reload();
    document.getElementById("text-saved").textContent = "Opgeslagen. Ouders lezen dit binnen enkele seconden.";
  }
  document.getElementById("text-save").addEventListener("click", () => save(typed()));
  document.getElementById("text-default").addEventListener("click", () => {
    const text = byKey()[select.value];
    if (!window.confirm("De standaardtekst van texts.yml terugzetten voor alle drie de varianten?")) return;
    save(Object.fromEntries(FORMS.map((f) => [f, text.variants[f].default])));
  });
  search.addEventListener("input", () => { fillList(); show(); });
  select.addEventListener("change", show);
  fillList();
  show();
}

async function settingsSection() {
  const settings = (await editApi("GET", "/api/edits/settings")).data;
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
  settingsSection().catch(pageError);
}
