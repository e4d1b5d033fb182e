// The page only renders what the server reports: findings, elements, the passport, metrics and the summary.
"use strict";
(function () {
  const WORDS = { error: "fout", warning: "waarschuwing", info: "info", hint: "tip" };
  const RANK = { error: 0, warning: 1, info: 2, hint: 3 };
  const WIDE = 40;  // code points: a finding longer than this is a sentence or more
  const $ = (id) => document.getElementById(id);
  const form = $("invoer"), area = $("brief"), picker = $("bestand"), statusLine = $("status"), errorLine = $("fout");
  let file = null;      // the chosen file, until the text is changed by hand
  let page = null;      // the last answer of /api/page
  let open = null;      // the highlighted button whose explanation is shown

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === "class") node.className = value; else node.setAttribute(key, value);
    }
    for (const child of children) node.append(child);
    return node;
  }

  function say(text) { statusLine.textContent = text; }
  function fail(text) { errorLine.textContent = text; errorLine.hidden = !text; }

  async function problem(response) {
    try {
      const data = await response.json();
      if (data.errors && data.errors.length) return data.errors.map((e) => e.message).join(" ");
    } catch (e) { /* not JSON */ }
    return "Er ging iets mis (" + response.status + "). Probeer het opnieuw.";
  }

  function request(path) {
    if (file) {
      return fetch(path + "?name=" + encodeURIComponent(file.name),
        { method: "POST", headers: { "Content-Type": "application/octet-stream" }, body: file });
    }
    return fetch(path, { method: "POST", headers: { "Content-Type": "application/json" },
                         body: JSON.stringify({ text: area.value }) });
  }

  async function check(message) {
    fail("");
    if (!file && !area.value.trim()) { fail("Plak eerst de tekst van een brief, of kies een bestand."); area.focus(); return; }
    say("Bezig met controleren...");
    const started = performance.now();
    let response;
    try { response = await request("/api/page"); } catch (e) { say(""); fail("De server antwoordt niet. Draait 'helderetaal serve' nog?"); return; }
    if (!response.ok) { say(""); fail(await problem(response)); return; }
    page = await response.json();
    if (file) area.value = page.text;
    render();
    const count = page.result.files[0].findings.length;
    say((message ? message + " " : "") + "Klaar: " + (count === 1 ? "1 punt" : count + " punten") + " gevonden.");
    document.body.dataset.checkMs = String(Math.round(performance.now() - started));
    $("download").disabled = false;
  }

  function isWhole(finding) {
    return finding.start === page.anchor[0] && finding.end === page.anchor[1];
  }

  function render() {
    const report = page.result.files[0];
    const chars = Array.from(page.text);  // offsets count code points, as in the JSON contract
    const spans = report.findings.map((f, i) => ({ f, i })).filter(({ f }) => f.end > f.start && !isWhole(f));
    const cuts = new Set([0, chars.length]);
    for (const { f } of spans) { cuts.add(f.start); cuts.add(f.end); }
    const points = Array.from(cuts).sort((a, b) => a - b);
    const box = $("tekst");
    box.replaceChildren();
    open = null;
    for (let k = 0; k + 1 < points.length; k++) {
      const a = points[k], b = points[k + 1];
      const text = chars.slice(a, b).join("");
      const here = spans.filter(({ f }) => f.start <= a && f.end >= b);
      if (!here.length) { box.append(text); continue; }
      here.sort((x, y) => RANK[x.f.severity] - RANK[y.f.severity]);
      const worst = here[0].f.severity;
      // Whole sentences are underlined only, so the words flagged inside them still stand out.
      const wide = here.every(({ f }) => f.end - f.start > WIDE);
      const button = el("button", { type: "button", class: "hl sev-" + worst + (wide ? " breed" : ""), "aria-expanded": "false",
                                    "aria-controls": "detail", "data-findings": here.map((h) => h.i).join(" ") },
                        text, el("span", { class: "sr-only" }, " (" + WORDS[worst] + ")"));
      button.addEventListener("click", () => show(button));
      box.append(button);
    }
    $("detail").replaceChildren(el("p", {}, report.findings.length ? "Kies een gemarkeerd stuk in de brief."
                                                                      : "Geen punten gevonden in de tekst."));
    const whole = $("geheel");
    whole.replaceChildren();
    for (const f of report.findings.filter(isWhole)) whole.append(el("li", {}, el("strong", {}, WORDS[f.severity] + ": "), f.message));
    if (!whole.children.length) whole.append(el("li", {}, "Geen punten over de hele brief."));
    elements(report);
    passport(report.passport);
    readability(report.metrics || {});
    const summary = report.summary;
    $("kort").textContent = summary || "Er staat te weinig in de brief voor een voorstel (wat gebeurt er, wanneer, wat moet de lezer doen, wie is de contactpersoon).";
    $("kopieer").hidden = !summary;
    $("uitkomst").hidden = false;
  }

  function elements(report) {
    const body = $("lijst").querySelector("tbody");
    body.replaceChildren();
    for (const { key, label } of page.elements) {
      const found = (report.elements || {})[key] || { present: false, evidence: [] };
      const where = found.evidence && found.evidence.length ? found.evidence.map((e) => "\u201c" + e.text + "\u201d").join("; ") : "";
      body.append(el("tr", {}, el("th", { scope: "row" }, label),
        el("td", {}, el("span", { class: found.present ? "ja" : "nee" }, found.present ? "Ja" : "Niet gevonden")),
        el("td", {}, where)));
    }
  }

  const STATUS = { ok: "In orde", aandacht: "Aandacht nodig", nvt: "Niet van toepassing" };

  function passport(pass) {
    const body = $("paspoort").querySelector("tbody");
    body.replaceChildren();
    const entries = (pass && pass.entries) || [];
    for (const entry of entries) {
      const why = el("td", {}, entry.reason);
      // A letter-level finding sits on the letter's anchor (its salutation): that span says nothing here.
      const spans = (entry.evidence || []).filter((e) => !(e.start === page.anchor[0] && e.end === page.anchor[1]));
      if (spans.length) {
        why.append(el("span", { class: "bewijs" }, " " + spans.map((e) => "\u201c" + e.text + "\u201d").join("; ")));
      }
      body.append(el("tr", { "data-key": entry.key }, el("th", { scope: "row" }, entry.label),
        el("td", {}, el("span", { class: "status-" + entry.status }, STATUS[entry.status] || entry.status)), why));
    }
    const counts = (pass && pass.counts) || {};
    $("paspoort-telling").textContent = entries.length
      ? (counts.ok || 0) + " in orde, " + (counts.aandacht || 0) + " met aandacht nodig, " + (counts.nvt || 0) + " niet van toepassing."
      : "";
  }

  function readability(metrics) {
    const list = $("lezen");
    list.replaceChildren();
    const rows = [
      ["B1-indicatie", metrics.b1_indicatie],
      ["Flesch-Douma (hoger is makkelijker; 60 of meer is goed)", metrics.flesch_douma],
      ["Gemiddeld aantal woorden per zin", metrics.avg_sentence_length],
      ["Aantal woorden", metrics.words],
    ];
    for (const [name, value] of rows) {
      if (value === undefined || value === null) continue;
      list.append(el("dt", {}, name), el("dd", {}, String(value)));
    }
  }

  function show(button) {
    if (open && open !== button) open.setAttribute("aria-expanded", "false");
    open = button;
    button.setAttribute("aria-expanded", "true");
    const report = page.result.files[0];
    const detail = $("detail");
    detail.replaceChildren();
    for (const index of button.dataset.findings.split(" ").map(Number)) {
      const f = report.findings[index];
      const rule = page.rules[f.rule] || {};
      const article = el("article", {}, el("h3", {}, (rule.title || f.rule) + " (" + WORDS[f.severity] + ")"));
      const list = el("dl", {}, el("dt", {}, "Wat"), el("dd", {}, f.message));
      if (rule.waarom) list.append(el("dt", {}, "Waarom"), el("dd", {}, rule.waarom));
      // The rule's "beter" rewrites the rule's own example, not the reader's sentence: show them as a pair.
      if (rule.voorbeeld && rule.beter) {
        list.append(el("dt", {}, "Voorbeeld"), el("dd", {}, rule.voorbeeld),
                    el("dt", {}, "Beter"), el("dd", {}, rule.beter));
      }
      article.append(list);
      for (const suggestion of f.suggestions) {
        const apply = el("button", { type: "button", class: "licht" }, "Vervang door \u2018" + suggestion + "\u2019");
        apply.addEventListener("click", () => replace(f, suggestion));
        article.append(apply);
      }
      detail.append(article);
    }
  }

  function replace(finding, suggestion) {
    const chars = Array.from(area.value);
    const now = chars.slice(finding.start, finding.end).join("");
    if (now !== finding.text) { fail("De tekst is veranderd. Controleer de brief opnieuw."); return; }
    area.value = chars.slice(0, finding.start).join("") + suggestion + chars.slice(finding.end).join("");
    file = null;
    check("Vervangen door \u2018" + suggestion + "\u2019.").then(() => $("kop-uitleg").focus());
  }

  function choose(chosen) {
    if (!chosen) return;
    file = chosen;
    area.value = "";
    check("Bestand " + chosen.name + " gelezen.");
  }

  form.addEventListener("submit", (event) => { event.preventDefault(); check(""); });
  area.addEventListener("input", () => { file = null; picker.value = ""; });
  picker.addEventListener("change", () => choose(picker.files[0]));
  area.addEventListener("dragover", (event) => { event.preventDefault(); area.classList.add("sleep"); });
  area.addEventListener("dragleave", () => area.classList.remove("sleep"));
  area.addEventListener("drop", (event) => {
    event.preventDefault();
    area.classList.remove("sleep");
    if (event.dataTransfer && event.dataTransfer.files.length) choose(event.dataTransfer.files[0]);
  });
  $("kopieer").addEventListener("click", async () => {
    try { await navigator.clipboard.writeText($("kort").textContent); say("\u201cIn het kort\u201d staat op het klembord."); }
    catch (e) { say("Kopi\u00ebren lukte niet. Selecteer de tekst en kopieer hem zelf."); }
  });
  $("download").addEventListener("click", async () => {
    fail("");
    say("Het document met opmerkingen wordt gemaakt...");
    let response;
    try { response = await request("/api/annotate"); } catch (e) { fail("De server antwoordt niet."); return; }
    if (!response.ok) { say(""); fail(await problem(response)); return; }
    const blob = await response.blob();
    const header = response.headers.get("Content-Disposition") || "";
    const match = /filename\*=UTF-8''([^;]+)/.exec(header);
    const name = match ? decodeURIComponent(match[1]) : "brief-opmerkingen.docx";
    const link = el("a", { href: URL.createObjectURL(blob), download: name });
    document.body.append(link);
    link.click();
    link.remove();
    say("Het document " + name + " staat klaar.");
  });
})();
