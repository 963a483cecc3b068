// The dashboard: figures from /api/dashboard drawn with Chart.js (served from /static/vendor,
// no CDN). Every chart is redrawn when a filter changes; each canvas carries its figures in
// data-figures, so what is drawn can be checked without reading pixels.
"use strict";

const CHANNEL_COLOURS = { website: "#2d6da3", whatsapp: "#2e9e5b", messenger: "#7b4fc4", twilio: "#d9822b", rest: "#8794a0" };
const REASONS = { request_human: "vroeg om een medewerker", complaint: "klacht", fallback: "niet begrepen",
  identity_failed: "controle mislukt", identity_no_contact: "geen e-mailadres" };
const charts = {};
// Dutch numbers everywhere: "4,5", also in the charts' axes and tooltips
const decimal = new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 1 });
const dutch = (value) => (value === null || value === undefined ? "–" : decimal.format(value));
if (window.Chart) Chart.defaults.locale = "nl-NL";

// a masked message as staff read it: "[Sam](child_name)" is training markup, shown as "Sam"
// (the label and the download keep the markup)
const readable = (text) => String(text ?? "").replace(/\[([^\]\n]+)\]\([a-z_]+\)/g, "$1");

function draw(id, type, labels, datasets, options = {}) {
  const canvas = document.getElementById(id);
  canvas.dataset.figures = JSON.stringify({ labels, series: datasets.map((d) => ({ label: d.label, data: d.data })) });
  if (charts[id]) charts[id].destroy();
  charts[id] = new Chart(canvas, { type, data: { labels, datasets }, options: { animation: false, maintainAspectRatio: false, ...options } });
}

function render(report) {
  document.getElementById("conversations").textContent = report.conversations;
  const share = report.conversations ? Math.round(100 * report.answered_by_bot / report.conversations) : 0;
  document.getElementById("bot-share").textContent = `${share}%`;
  document.getElementById("handed").textContent = report.handed_to_staff;
  document.getElementById("csat").textContent = dutch(report.csat_average);
  document.getElementById("csat-count").textContent = report.csat_count;
  document.getElementById("updates-sent").textContent = Object.values(report.updates_sent).reduce((a, b) => a + b, 0);
  document.getElementById("updates-out").textContent = report.updates_opted_out;
  document.getElementById("updates-replied").textContent = report.updates_replied;
  document.getElementById("updates-opened").textContent = report.updates_opened;
  document.getElementById("updates-failed").textContent = report.updates_failed;

  const days = [...new Set(report.per_day.map((d) => d.day))];
  const channels = [...new Set(report.per_day.map((d) => d.channel))];
  draw("chart-days", "bar", days, channels.map((channel) => ({
    label: channel, backgroundColor: CHANNEL_COLOURS[channel] || "#555",
    data: days.map((day) => (report.per_day.find((d) => d.day === day && d.channel === channel) || { count: 0 }).count),
  })), { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } });
  draw("chart-share", "doughnut", ["assistent", "medewerker"],
    [{ data: [report.answered_by_bot, report.handed_to_staff], backgroundColor: ["#2d6da3", "#d9822b"] }]);
  const reasons = Object.keys(report.handoff_reasons);
  draw("chart-reasons", "bar", reasons.map((r) => REASONS[r] || r),
    [{ label: "doorgezet", data: reasons.map((r) => report.handoff_reasons[r]), backgroundColor: "#d9822b" }],
    { indexAxis: "y" });
  draw("chart-times", "bar", ["binnen kantooruren", "buiten kantooruren"], [
    { label: "tot eerste antwoord", data: [report.first_reply_minutes.office, report.first_reply_minutes.outside], backgroundColor: "#2d6da3" },
    { label: "behandeltijd", data: [report.handling_minutes.office, report.handling_minutes.outside], backgroundColor: "#2e9e5b" },
  ]);
  draw("chart-csat-days", "line", report.csat_per_day.map((d) => d.day),
    [{ label: "gemiddelde", data: report.csat_per_day.map((d) => d.average), borderColor: "#2e9e5b" }],
    { scales: { y: { min: 1, max: 5 } } });
  const scoredChannels = Object.keys(report.csat_per_channel);
  draw("chart-csat-channels", "bar", scoredChannels,
    [{ label: "gemiddelde", data: scoredChannels.map((c) => report.csat_per_channel[c]),
      backgroundColor: scoredChannels.map((c) => CHANNEL_COLOURS[c] || "#555") }],
    { scales: { y: { min: 0, max: 5 } } });
  renderResolution(report.bot_resolution);
  renderTouchpoints(report.touchpoints);
  renderThemes(report.themes);
  draw("chart-intents", "bar", report.top_intents.map((i) => i.words || i.intent),
    [{ label: "berichten", data: report.top_intents.map((i) => i.count), backgroundColor: "#7b4fc4" }],
    { indexAxis: "y" });
  fill("#csat-comments", report.csat_comments.map((c) => row([c.day, c.channel, c.score, readable(c.comment)])));
  fill("#not-understood", report.not_understood.map((m) => row([readable(m.text), m.count, labelling(m.text)])));
  fill("#per-agent", report.per_agent.map((a) => row([a.staff, a.conversations,
    a.first_reply_minutes === null ? "–" : `${dutch(a.first_reply_minutes)} min`])));
}

function percent(share) {
  return share === null || share === undefined ? "–" : `${Math.round(100 * share)}%`;
}

function renderResolution(figures) {
  // "Heeft dit u geholpen?" (share yes) and the resolution rate, per day and per channel
  document.getElementById("bot-rating").textContent = percent(figures.rating_share);
  document.getElementById("bot-rating-count").textContent = figures.rated_yes + figures.rated_no;
  document.getElementById("resolution-rate").textContent = percent(figures.resolution_rate);
  document.getElementById("resolved").textContent = figures.resolved;
  document.getElementById("resolution-count").textContent = figures.resolved + figures.unresolved;
  const days = [...new Set(figures.per_day.map((d) => d.day))];
  const sum = (day, key) => figures.per_day.filter((d) => d.day === day).reduce((a, d) => a + d[key], 0);
  draw("chart-resolution-days", "bar", days, [
    { label: "geholpen (ja)", data: days.map((d) => sum(d, "rated_yes")), backgroundColor: "#2e9e5b" },
    { label: "niet geholpen (nee)", data: days.map((d) => sum(d, "rated_no")), backgroundColor: "#c0392b" },
    { label: "opgelost", data: days.map((d) => sum(d, "resolved")), backgroundColor: "#2d6da3" },
    { label: "niet opgelost", data: days.map((d) => sum(d, "unresolved")), backgroundColor: "#d9822b" },
  ], { scales: { y: { beginAtZero: true } } });
  const channels = Object.keys(figures.per_channel);
  const rate = (channel, key) => figures.per_channel[channel][key] === null ? null : Math.round(100 * figures.per_channel[channel][key]);
  draw("chart-resolution-channels", "bar", channels, [
    { label: "geholpen", data: channels.map((c) => rate(c, "rating_share")), backgroundColor: "#2e9e5b" },
    { label: "opgelost", data: channels.map((c) => rate(c, "resolution_rate")), backgroundColor: "#2d6da3" },
  ], { scales: { y: { min: 0, max: 100 } } });
  fill("#bot-rating-comments", figures.comments.map((c) =>
    row([c.day, c.channel, c.answer === "yes" ? "ja" : "nee", readable(c.comment)])));
}

const SURVEYS = { survey_welcome: "na het inschrijven", survey_offer: "na het aanbod", survey_start: "een maand na de start" };
const SCALES = { nps: "0–10", csat: "1–5" };

function renderTouchpoints(rows) {
  // the touchpoint surveys: all locations (location null) and each location, per moment
  const totals = rows.filter((r) => r.location === null);
  const start = totals.find((r) => r.moment === "survey_start");
  document.getElementById("touchpoint-nps").textContent = start ? start.nps : "–";
  document.getElementById("touchpoint-count").textContent = totals.reduce((a, r) => a + r.count, 0);
  const moments = totals.map((r) => r.moment);
  const places = [...new Set(rows.filter((r) => r.location !== null).map((r) => r.location))];
  const name = (code) => (rows.find((r) => r.location === code) || {}).location_name || code || "onbekend";
  const average = (moment, code) => (rows.find((r) => r.moment === moment && r.location === code) || { average: null }).average;
  draw("chart-touchpoints", "bar", moments.map((m) => SURVEYS[m] || m), [
    { label: "alle locaties", data: moments.map((m) => average(m, null)), backgroundColor: "#2d6da3" },
    ...places.map((code, i) => ({ label: name(code), data: moments.map((m) => average(m, code)),
      backgroundColor: ["#2e9e5b", "#7b4fc4", "#d9822b", "#8794a0"][i % 4] })),
  ], { scales: { y: { beginAtZero: true, max: 10 } } });
  const nps = rows.filter((r) => r.moment === "survey_start");
  draw("chart-touchpoint-nps", "bar", nps.map((r) => (r.location === null ? "alle locaties" : name(r.location))),
    [{ label: "NPS", data: nps.map((r) => r.nps), backgroundColor: "#2e9e5b" }],
    { scales: { y: { min: -100, max: 100 } } });
  document.querySelector("#touchpoints tbody").replaceChildren(...rows.map((r) => row([
    SURVEYS[r.moment] || r.moment, r.location === null ? "alle locaties" : name(r.location), r.count,
    `${dutch(r.average)} (${SCALES[r.scale] || r.scale})`,
    r.nps === null ? "–" : `${r.nps} (${r.promoters} / ${r.passives} / ${r.detractors})`])));
}

let intents = [];
let intentWords = {};
let labelled = new Map(); // message (anonymised): the intent staff gave it

const inWords = (intent) => intentWords[intent] || intent;

function labelling(text) {
  // admins give a not-understood message the intent it should have had; a label given
  // before shows (also after a reload) and can be changed
  if (document.body.dataset.role !== "admin") return "";
  const box = el("span");
  const choice = el("select");
  choice.setAttribute("aria-label", "Wat de ouder bedoelde");
  choice.replaceChildren(el("option", "— wat bedoelde de ouder? —"),
    ...intents.map((i) => Object.assign(el("option", inWords(i)), { value: i })));
  choice.firstChild.value = "";
  const save = el("button", "Labelen");
  const state = el("span", "", "muted");
  const show = (intent) => {
    choice.value = intent;
    state.textContent = ` gelabeld: ${inWords(intent)}`;
    save.textContent = "Wijzigen";
  };
  if (labelled.has(text)) show(labelled.get(text));
  save.addEventListener("click", () => {
    state.classList.remove("error");
    if (!choice.value) {
      state.textContent = " Kies eerst wat de ouder bedoelde.";
      state.classList.add("error");
      choice.focus();
      return;
    }
    api("POST", "/api/nlu/labels", { text, intent: choice.value })
      .then(() => { labelled.set(text, choice.value); show(choice.value); },
        (error) => { state.textContent = ` ${error.message}`; state.classList.add("error"); });
  });
  box.append(choice, save, state);
  return box;
}

async function showParentChoices() {
  // what parents chose when the bot was unsure: labelled examples in the export
  const choices = await api("GET", "/api/nlu/choices");
  document.querySelector("#parent-choices tbody").replaceChildren(...choices.map((c) =>
    row([readable(c.text), c.offered.map(inWords).join(", "), inWords(c.chosen)])));
}

async function dashboardPage() {
  if (document.body.dataset.role === "admin") {
    ({ intents, words: intentWords } = await api("GET", "/api/nlu/intents"));
    labelled = new Map((await api("GET", "/api/nlu/labels")).map((l) => [l.text, l.intent]));
    await showParentChoices();
  }
  const form = document.getElementById("dashboard-filters");
  const figures = document.querySelectorAll(".figures");
  // a refused filter: said next to the filters, and no figures of the previous filter
  // left standing as if they were the answer
  const failed = (error) => {
    for (const part of figures) part.hidden = true;
    delete document.body.dataset.loaded;
    showError(error, "dashboard-error");
  };
  async function refresh() {
    const query = new URLSearchParams();
    for (const [name, value] of new FormData(form)) if (String(value).trim()) query.set(name, String(value).trim());
    const report = await api("GET", `/api/dashboard?${query}`);
    clearError("dashboard-error");
    for (const part of figures) part.hidden = false;
    render(report);
    exportLink(query);
    document.getElementById("dashboard-export").href = `/api/dashboard.csv?${query}`;  // the same filter
    document.body.dataset.loaded = query.toString();
  }
  form.addEventListener("change", () => refresh().catch(failed));
  form.addEventListener("submit", (event) => { event.preventDefault(); refresh().catch(failed); });
  await themeControls(() => refresh().catch(failed));
  await refresh();
  await showNotes();
}

dashboardPage().catch((error) => showError(error, "dashboard-error"));

// a table of parents' words: only on an admin's page (management reads the figures)
function fill(table, rows) {
  const body = document.querySelector(`${table} tbody`);
  if (body) body.replaceChildren(...rows);
}
