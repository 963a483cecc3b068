// The parents' answers by theme on the dashboard (/api/dashboard `themes`), the admins'
// theme editor and moves (/api/themes), the "Jullie zeiden, wij deden" notes (/api/we-did)
// and the CSV export link. Loaded before dashboard.js, which calls renderThemes on every
// refresh; each canvas carries its figures in data-figures, like the other charts.
"use strict";

const MOMENTS = { waiting: "op de wachtlijst", passive: "passief", offered: "aanbod", placed: "geplaatst",
  withdrawn: "ingetrokken", unknown: "niet bekend" };
const SOURCES = { bot_rating: '"Heeft dit u geholpen?"', csat: "cijfer na medewerker", complaint: "klacht",
  not_understood: "niet begrepen", survey: "vragenlijst" };
const THEME_COLOURS = ["#2d6da3", "#2e9e5b", "#d9822b", "#7b4fc4", "#c0392b", "#17808a", "#8a6d17", "#8794a0"];
let lastThemes = null;
let allThemes = [];
let afterChange = () => {};

function colour(index) { return THEME_COLOURS[index % THEME_COLOURS.length]; }

function renderThemes(figures) {
  lastThemes = figures;
  const themes = figures.themes;
  document.getElementById("theme-answers").textContent = figures.answers;
  document.getElementById("theme-top").textContent = themes.length && themes[0].code !== "overig"
    ? `meest: ${themes[0].name}, ${themes[0].count}` : "–";
  draw("chart-themes", "bar", themes.map((t) => t.name),
    [{ label: "reacties", data: themes.map((t) => t.count), backgroundColor: themes.map((_, i) => colour(i)) }],
    { indexAxis: "y" });
  stacked("chart-theme-locations", themes, "per_location", (code) => code);
  stacked("chart-theme-moments", themes, "per_moment", (moment) => MOMENTS[moment] || moment);
  drawTrend();
  const examples = document.querySelector("#theme-examples tbody");
  if (examples) {
    examples.replaceChildren(...themes.flatMap((t) => t.examples.map((e) =>
      row([t.name, e.day, SOURCES[e.source] || e.source, readable(e.text), moveControl(e.key, t.code)]))));
  }
}

function stacked(id, themes, key, label) {
  // one bar per location or moment, a part per theme
  const groups = [...new Set(themes.flatMap((t) => Object.keys(t[key])))].sort();
  draw(id, "bar", groups.map(label), themes.map((t, i) => ({
    label: t.name, backgroundColor: colour(i), data: groups.map((g) => t[key][g] || 0),
  })), { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } });
}

function drawTrend() {
  if (!lastThemes) return;
  const which = document.getElementById("theme-trend-period").value;
  const points = lastThemes[which];
  const periods = [...new Set(points.map((p) => p.period))].sort();
  draw("chart-theme-trend", "line", periods, lastThemes.themes.map((t, i) => ({
    label: t.name, borderColor: colour(i), backgroundColor: colour(i),
    data: periods.map((p) => (points.find((x) => x.period === p && x.theme === t.code) || { count: 0 }).count),
  })), { scales: { y: { beginAtZero: true } } });
}

function moveControl(key, current) {
  // admins put one answer in another theme (or none); it stays there
  const box = el("span");
  const choice = el("select");
  choice.setAttribute("aria-label", "Naar thema");
  const none = Object.assign(el("option", "overig (geen thema)"), { value: "" });
  choice.replaceChildren(none, ...allThemes.filter((t) => t.active).map((t) =>
    Object.assign(el("option", t.name), { value: String(t.id), selected: t.code === current })));
  const save = el("button", "Verplaatsen");
  const problem = el("span", "", "error");
  save.addEventListener("click", () => {
    api("PUT", `/api/themes/answers/${key}`, { theme_id: choice.value ? Number(choice.value) : null })
      .then(afterChange, (error) => { problem.textContent = said(error); });
  });
  box.append(choice, " ", save, " ", problem);
  return box;
}

function themeEditor() {
  const editor = document.getElementById("theme-editor");
  if (!editor) return;
  editor.replaceChildren(...allThemes.map((t) => {
    const form = el("form", null, "theme-edit");
    form.dataset.code = t.code;
    const field = (label, name, value, tag = "input") => {
      const wrap = el("label", `${label} `);
      const input = el(tag);
      input.name = name;
      input.value = value;
      if (tag === "textarea") input.rows = 3;
      wrap.append(input);
      return wrap;
    };
    const active = Object.assign(el("input"), { type: "checkbox", name: "active", checked: t.active });
    const activeLabel = el("label", " aan");
    activeLabel.prepend(active);
    const problem = el("span", "", "error");
    problem.setAttribute("role", "alert");
    const summary = el("summary", `${t.name}${t.active ? "" : " (uit)"}: ${t.keywords.length} trefwoorden`);
    const details = el("details");
    details.append(summary, field("Naam", "name", t.name), field("Naam (Engels)", "name_en", t.name_en),
      field("Trefwoorden", "keywords", t.keywords.join("\n"), "textarea"), activeLabel, el("button", "Opslaan"), " ", problem);
    form.append(details);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const data = new FormData(form);
      api("PUT", `/api/themes/${t.id}`, { name: data.get("name"), name_en: data.get("name_en"),
        keywords: data.get("keywords"), active: active.checked })
        .then(() => { problem.textContent = ""; return loadThemes(); })
        .then(afterChange, (error) => { problem.textContent = said(error); });
    });
    return form;
  }));
}

async function loadThemes() {
  if (document.body.dataset.role !== "admin") return;
  allThemes = await api("GET", "/api/themes");
  themeEditor();
  const select = document.querySelector("#we-did-form select[name=theme_id]");
  select.replaceChildren(...allThemes.filter((t) => t.active).map((t) => Object.assign(el("option", t.name), { value: String(t.id) })));
}

function said(error) {
  // the themes' and notes' refusals are written for staff (Dutch): shown as they are
  return error.status === 422 && typeof error.detail === "string" ? error.detail : error.message;
}

function formError(id, error) {
  const box = document.getElementById(id);
  box.textContent = error ? said(error) : "";
  box.hidden = !error;
}

async function themeControls(refresh) {
  // the themes are loaded before the first figures: the examples' move lists need them
  afterChange = refresh;
  document.getElementById("theme-trend-period").addEventListener("change", drawTrend);
  if (document.body.dataset.role !== "admin") return;
  await loadThemes().catch(showError);
  document.getElementById("new-theme").addEventListener("submit", (event) => {
    event.preventDefault();
    const form = event.target;
    api("POST", "/api/themes", Object.fromEntries(new FormData(form)))
      .then(() => { form.reset(); formError("new-theme-error"); return loadThemes(); })
      .then(afterChange, (error) => formError("new-theme-error", error));
  });
  document.getElementById("we-did-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const form = event.target;
    const data = new FormData(form);
    const location = String(data.get("location_code") || "").trim();
    api("POST", "/api/we-did", { theme_id: Number(data.get("theme_id")), location_code: location || null,
      text: data.get("text"), text_en: data.get("text_en") })
      .then(() => { form.reset(); formError("we-did-error"); return showNotes(); },
        (error) => formError("we-did-error", error));
  });
}

async function showNotes() {
  const notes = await api("GET", "/api/we-did");
  document.querySelector("#we-did-notes tbody").replaceChildren(...notes.map((n) =>
    row([n.created_at.slice(0, 10), n.theme_name, n.location_code || "alle locaties", n.text, n.recipients, n.told])));
}

function exportLink(query) {
  const link = document.getElementById("feedback-export");
  if (link) link.href = `/api/feedback/export.csv?${query}`;
}
