/* Harbour Crossings search: queries the files plugins/search exports, in the browser.
   It follows plugins/search/querying.py step for step (fold, segments, Porter2 stem, plan,
   AND of parts, sum of impacts, order by score then entry id), so it ranks exactly as
   `make search` does. No build step: this file is served as it is. */
(() => {
  "use strict";
  const forms = document.querySelectorAll("form[data-search]");
  const box = document.querySelector("form[data-search=box]");
  if (!box) return;
  const ROOT = box.dataset.root + "search/";
  const TYPES = JSON.parse(box.dataset.types);
  // This page's text key in entries ("en", "zh"), then the others to fall back on: [key, lang].
  const KEY = box.dataset.key;
  const FALLBACKS = JSON.parse(box.dataset.fallbacks);
  const CJK = [[0x3040, 0x30ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xac00, 0xd7af],
    [0xf900, 0xfaff], [0x20000, 0x2fa1f]];
  const WORD = /[\p{L}\p{N}]/u;
  const TEXT_FIELDS = ["name", "related", "meta", "text"];
  const WORD_FIELDS = ["name", "joined", "related", "meta", "text"];
  const files = new Map();
  let manifest = null;

  const isCjk = (c) => { const n = c.codePointAt(0); return CJK.some(([a, b]) => n >= a && n <= b); };

  function load(path, options) {
    if (!files.has(path)) {
      files.set(path, fetch(ROOT + path, options).then((r) => {
        if (r.status === 404) return null;
        if (!r.ok) throw new Error(r.status + " " + path);
        return r.json();
      }));
    }
    return files.get(path);
  }
  /* A file below search/, asked for with its bucket's version from the manifest (as
     plugins/search/exporting.py spreads files over buckets: CRC-32 of the path), so that a
     browser or CDN never mixes files of two builds although file names stay the same. */
  const CRC = [...Array(256)].map((_, n) => {
    for (let k = 0; k < 8; k++) n = n & 1 ? 0xedb88320 ^ (n >>> 1) : n >>> 1;
    return n >>> 0;
  });
  function crc32(text) {
    let c = 0xffffffff;
    for (const b of new TextEncoder().encode(text)) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  }
  function gen(path) {
    const at = (crc32(path) % manifest.buckets) * manifest.versionChars;
    return load(path + "?v=" + manifest.versions.slice(at, at + manifest.versionChars));
  }

  function fileKey(key) {
    return /^[a-z0-9]+$/.test(key) ? key : "u" + [...key].map((c) => "-" + c.codePointAt(0).toString(16)).join("");
  }

  /* Folding: as plugins/search/folding.py; the Chinese map comes only with Chinese text. */
  let fold_map = null;
  async function fold(text, han = true) {
    let s = text.normalize("NFKC").toLowerCase().normalize("NFD").replace(/\p{Mn}/gu, "").normalize("NFC");
    if (han && [...s].some(isCjk)) {
      if (!fold_map) {
        const f = await gen("fold.json"), to = [...f.to];
        fold_map = new Map([...f.from].map((c, i) => [c, to[i]]));
      }
      s = [...s].map((c) => fold_map.get(c) || c).join("");
    }
    return s;
  }

  function segments(folded) {
    const found = [];
    let kind = "", text = "";
    for (const c of folded + " ") {
      const now = isCjk(c) ? "c" : WORD.test(c) ? "w" : "";
      if (now !== kind) {
        if (kind) found.push({ kind, text });
        kind = now; text = "";
      }
      text += c;
    }
    return found;
  }

  /* Porter2, as whoosh.lang.porter2 (quirks included). */
  const V = "aeiouy";
  const R = /^[^aeiouy]*[aeiouy]+[^aeiouy]/;
  function r1of(w) {
    if (w.startsWith("gener") || w.startsWith("arsen")) return 5;
    if (w.startsWith("commun")) return 6;
    const m = R.exec(w);
    return m ? m[0].length : w.length;
  }
  function r2of(w) {
    const start = r1of(w), m = R.exec(w.slice(start));
    return m ? start + m[0].length : w.length;
  }
  const shortSyl = (w) => (w.length === 2 && /^[aeiouy][^aeiouy]$/.test(w)) ||
    /^.*[^aeiouy][aeiouy][^aeiouywxY]$/.test(w);
  const ends = (w, e) => w.endsWith(e);
  const cut = (w, n) => w.slice(0, w.length - n);
  const EXCEPT = { skis: "ski", skies: "sky", dying: "die", lying: "lie", tying: "tie", idly: "idl",
    gently: "gentl", ugly: "ugli", early: "earli", only: "onli", singly: "singl", sky: "sky",
    news: "news", howe: "howe", atlas: "atlas", cosmos: "cosmos", bias: "bias", andes: "andes" };
  const EARLY = ["inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed"];
  const S2 = [["ization", "ize"], ["ational", "ate"], ["fulness", "ful"], ["ousness", "ous"],
    ["iveness", "ive"], ["tional", "tion"], ["biliti", "ble"], ["lessli", "less"], ["entli", "ent"],
    ["ation", "ate"], ["alism", "al"], ["aliti", "al"], ["ousli", "ous"], ["iviti", "ive"],
    ["fulli", "ful"], ["enci", "ence"], ["anci", "ance"], ["abli", "able"], ["izer", "ize"],
    ["ator", "ate"], ["alli", "al"], ["bli", "ble"], ["ogi", "og", "l"], ["li", "", "cdeghkmnrt"]];
  const S3 = [["ational", "ate"], ["tional", "tion"], ["alize", "al"], ["icate", "ic"],
    ["iciti", "ic"], ["ative", "", 1], ["ical", "ic"], ["ness", ""], ["ful", ""]];
  const S4 = ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent",
    "ism", "ate", "iti", "ous", "ive", "ize"];
  function stem(word) {
    if (word.length <= 2) return word;
    let w = word.startsWith("'") ? word.slice(1) : word;
    if (Object.hasOwn(EXCEPT, w)) return EXCEPT[w];
    if (w.startsWith("y")) w = "Y" + w.slice(1);
    w = w.replace(/([aeiouy])y/g, "$1Y");
    const r1 = r1of(w), r2 = r2of(w);
    if (ends(w, "'s'")) w = cut(w, 3); else if (ends(w, "'s")) w = cut(w, 2); else if (ends(w, "'")) w = cut(w, 1);
    if (ends(w, "sses")) w = cut(w, 4) + "ss";
    else if (ends(w, "ied") || ends(w, "ies")) w = cut(w, 3) + (w.length > 4 ? "i" : "ie");
    else if (ends(w, "us") || ends(w, "ss")) { /* unchanged */ }
    else if (ends(w, "s") && /[aeiouy]./.test(cut(w, 1))) w = cut(w, 1);
    if (EARLY.includes(w)) return w;
    if (ends(w, "eedly")) { if (w.length - 5 >= r1) w = cut(w, 3); }
    else if (ends(w, "eed")) { if (w.length - 3 >= r1) w = cut(w, 1); }
    else {
      for (const s of ["ed", "edly", "ing", "ingly"]) {
        if (ends(w, s)) {
          const p = cut(w, s.length);
          if (/[aeiouy]/.test(p)) {
            if (ends(p, "at") || ends(p, "bl") || ends(p, "iz")) w = p + "e";
            else if (/(bb|dd|ff|gg|mm|nn|pp|rr|tt)$/.test(p)) w = cut(p, 1);
            else if (shortSyl(p) && r1of(p) === p.length) w = p + "e";
            else w = p;
          }
          break;
        }
      }
    }
    if ((ends(w, "y") || (ends(w, "Y") && w.length > 1)) && !V.includes(w[w.length - 2]) && w.length > 2) {
      w = cut(w, 1) + "i";
    }
    w = suffixes(w, S2, (e, p) => w.length - e.length >= r1 && (!p || [...p].some((c) => ends(cut(w, e.length), c))));
    w = suffixes(w, S3, (e, p) => w.length - e.length >= (p ? r2 : r1));
    const e4 = S4.find((e) => ends(w, e));
    if (e4) { if (w.length - e4.length >= r2) w = cut(w, e4.length); }
    else if ((ends(w, "sion") || ends(w, "tion")) && w.length - 3 >= r2) w = cut(w, 3);
    if (ends(w, "l")) { if (w.length - 1 >= r2 && w[w.length - 2] === "l") w = cut(w, 1); }
    else if (ends(w, "e") && (w.length - 1 >= r2 || (w.length - 1 >= r1 && !shortSyl(cut(w, 1))))) w = cut(w, 1);
    return w.replace(/Y/g, "y");
  }
  function suffixes(w, table, ok) {
    for (const [e, r, p] of table) {
      if (ends(w, e)) {
        const out = ok(e, p) ? cut(w, e.length) + r : w;
        if (out) return out;
      }
    }
    return w;
  }

  /* The plan: as querying.plan. */
  async function plan(query) {
    const folded = await fold(query);
    const found = segments(folded);
    const typing = found.length > 0 && folded.endsWith(found[found.length - 1].text);
    const parts = new Map();
    found.forEach((s, i) => {
      let part;
      if (s.kind === "w") {
        const last = typing && i === found.length - 1, long = [...s.text].length >= manifest.prefixMin;
        if (last && !long && i) return;
        part = { kind: "word", text: stem(s.text), prefix: last && long ? s.text : "", typed: s.text };
      } else if ([...s.text].length === 1) part = { kind: "char", text: s.text };
      else part = { kind: "phrase", text: s.text };
      const key = JSON.stringify([part.kind, part.text, part.prefix]);
      if (!parts.has(key)) parts.set(key, part);
    });
    return [...parts.values()];
  }

  function shardKey(term) {
    const c = [...term];
    if (isCjk(c[0])) return c.length === 2 && manifest.split.includes(c[0]) ? term : c[0];
    return c.slice(0, manifest.latinKey).join("");
  }
  const shard = (term) => gen("t/" + fileKey(shardKey(term)) + ".json").then((s) => s || {});

  /* Postings of a term in a field: [[id, impact, positions]]. */
  async function postings(term, field) {
    const data = (await shard(term))[term];
    const index = manifest.fields.indexOf(field);
    const out = [];
    for (let i = 0; data && i < data.length; i += 2) {
      if (data[i] !== index) continue;
      const flat = data[i + 1];
      const positioned = TEXT_FIELDS.includes(field) && [...term].length === 2 && [...term].every(isCjk);
      for (let j = 0, id = 0; j < flat.length;) {
        id += flat[j++];
        const impact = flat[j++];
        let pos = null;
        if (positioned) {
          pos = [];
          for (let n = flat[j++], p = 0; n > 0; n--) pos.push((p += flat[j++]));
        }
        out.push([id, impact, pos]);
      }
    }
    return out;
  }

  /* Typos: as querying.is_typo and exporting.typo_keys. */
  function isTypo(typed, word) {
    let a = [...typed], b = [...word];
    const min = manifest.fuzzyMin;
    if (a.length < min || b.length < min) return false;
    if (b.length < manifest.typoAnywhere && (a.length !== b.length || a[0] !== b[0])) return false;
    if (a.length > b.length) [a, b] = [b, a];
    if (typed === word || b.length - a.length > 1) return false;
    let i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    const rest = (x, n) => x.slice(n).join("");
    if (a.length < b.length) return rest(a, i) === rest(b, i + 1);
    return rest(a, i + 1) === rest(b, i + 1) ||
      (a[i] === b[i + 1] && a[i + 1] === b[i] && rest(a, i + 2) === rest(b, i + 2));
  }
  const typoKeys = (word) => new Set([0, 1, 2].map((i) => {
    const c = [...word];
    return c.slice(0, i).concat(c.slice(i + 1)).slice(0, 2).join("");
  }));

  async function wordScores(part, fuzzy) {
    const scores = new Map();
    const add = (id, s) => scores.set(id, (scores.get(id) || 0) + s);
    const near = new Set();
    if (fuzzy && [...part.typed].length >= manifest.fuzzyMin) {
      const files = await Promise.all([...typoKeys(part.typed)].map((k) => gen("v/" + fileKey(k) + ".json")));
      for (const w of files.flatMap((f) => f || [])) if (isTypo(part.typed, w)) near.add(stem(w));
    }
    const prefixShard = part.prefix ? Object.keys(await shard(part.prefix)) : [];
    for (const field of WORD_FIELDS) {
      const terms = new Set([part.text]);
      for (const t of prefixShard) if (t.startsWith(part.prefix)) terms.add(t);
      if (field === "name") near.forEach((t) => terms.add(t));
      for (const t of terms) for (const [id, s] of await postings(t, field)) add(id, s);
    }
    return scores;
  }

  async function phraseScores(text) {
    const chars = [...text];
    const grams = chars.slice(1).map((c, i) => chars[i] + c);
    const scores = new Map();
    for (const field of TEXT_FIELDS) {
      const lists = await Promise.all(grams.map((g) => postings(g, field)));
      const maps = lists.map((l) => new Map(l.map((p) => [p[0], p])));
      for (const [id, , pos] of lists[0]) {
        if (!maps.every((m) => m.has(id))) continue;
        const ok = grams.length === 1 || pos.some((p) => maps.every((m, k) => m.get(id)[2].includes(p + k)));
        if (ok) scores.set(id, (scores.get(id) || 0) + maps.reduce((sum, m) => sum + m.get(id)[1], 0));
      }
    }
    return scores;
  }

  async function partScores(part, fuzzy) {
    if (part.kind === "char") {
      return new Map((await postings(part.text, "chars")).map(([id, s]) => [id, s]));
    }
    return part.kind === "phrase" ? phraseScores(part.text) : wordScores(part, fuzzy);
  }

  async function run(parts, whole, fuzzy) {
    const each = await Promise.all(parts.map((p) => partScores(p, fuzzy)));
    const bonus = new Map((await postings(whole, "exact")).map(([id, s]) => [id, s]));
    each.sort((a, b) => a.size - b.size);
    const hits = [];
    for (const [id, s] of each[0]) {
      let total = s, ok = true;
      for (const other of each.slice(1)) {
        if (!other.has(id)) { ok = false; break; }
        total += other.get(id);
      }
      if (ok) hits.push([id, total + (bonus.get(id) || 0)]);
    }
    return hits.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  }

  /* Ranked [id, score] for a query, as querying.Searcher.__call__ (every hit, best first). */
  async function search(query) {
    if (!manifest) manifest = await load("manifest.json", { cache: "no-cache" });
    const parts = await plan(query);
    if (!parts.length) return [];
    const whole = segments(await fold(query)).map((s) => s.text).join("");
    let hits = await run(parts, whole, false);
    if (!hits.length && parts.some((p) => p.typed && [...p.typed].length >= manifest.fuzzyMin)) {
      hits = await run(parts, whole, true);
    }
    return hits;
  }

  async function filtered(hits, filters) {
    let keep = () => true;
    if (filters.type) {
      const [a, b] = manifest.types[filters.type] || [0, 0];
      keep = (id) => id >= a && id < b;
    }
    const sets = [];
    for (const name of ["origin", "disciplines"]) {
      const value = filters[name];
      if (!value) continue;
      const facets = await gen("facets.json");
      let id = 0;
      sets.push(new Set((facets[name][value] || []).map((gap) => (id += gap))));
    }
    return hits.filter(([id]) => keep(id) && sets.every((s) => s.has(id)));
  }

  /* Showing results. */
  const el = (tag, attrs, ...children) => {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
    e.append(...children);
    return e;
  };

  async function highlight(text, words) {
    const chars = [...text], han = words.some((w) => [...w].some(isCjk));
    const folded = await Promise.all(chars.map((c) => fold(c, han)));
    const flat = folded.join("");
    const marks = new Array(chars.length).fill(false);
    const owner = [];
    folded.forEach((f, i) => { for (let n = 0; n < f.length; n++) owner.push(i); });
    for (const w of words) {
      for (let at = flat.indexOf(w); w && at >= 0; at = flat.indexOf(w, at + 1)) {
        for (let k = at; k < at + w.length; k++) marks[owner[k]] = true;
      }
    }
    const out = document.createDocumentFragment();
    let run = "", on = false;
    const flush = () => { if (run) out.append(on ? el("mark", {}, run) : run); run = ""; };
    chars.forEach((c, i) => { if (marks[i] !== on) { flush(); on = marks[i]; } run += c; });
    flush();
    return out;
  }

  async function resultItem(id, query, tag) {
    const r = await gen("r/" + id + ".json");
    const f = await fold(query);
    const words = segments(f).map((s) => s.kind === "w" ? s.text.slice(0, Math.max(3, stem(s.text).length)) : s.text);
    const [otherKey, otherLang] = FALLBACKS[0] || [KEY, ""];
    const own = r[KEY], other = r[otherKey];
    const href = box.dataset.root + box.dataset.lang + "/" + r.type + "/" + r.slug + "/";
    const link = el("a", { href, tabindex: tag === "li" ? "0" : "-1" }, await highlight(own, words));
    const item = el(tag, { "data-key": r.type + "/" + r.slug, class: "search-result" },
      el("span", { class: "search-type" }, TYPES[r.type]), " ", link);
    if (other && other !== own) {
      item.append(" ", el("span", { class: "other-name", lang: otherLang }, await highlight(other, words)));
    }
    if (r.year) item.append(" ", el("span", { class: "year" }, r.year));
    const excerpt = [KEY, ...FALLBACKS.map((f) => f[0])].map((k) => r.x[k]).find(Boolean);
    if (tag === "li" && excerpt) item.append(el("p", { class: "search-excerpt" }, await highlight(excerpt, words)));
    return item;
  }

  const count = (n) => box.dataset.count.replace("{n}", n.toLocaleString());

  /* The search page: results as you type, filters, ?q= kept in the address. */
  function setupPage(form) {
    const input = form.elements.q, list = document.getElementById("search-results");
    const status = document.getElementById("search-status");
    const params = new URLSearchParams(location.search);
    for (const name of ["q", "type", "discipline", "origin"]) if (params.get(name)) form.elements[name].value = params.get(name);
    let seq = 0, shown = 10;
    async function update(more) {
      const mine = ++seq;
      shown = more ? shown + 10 : 10;
      const query = input.value, url = new URL(location.href);
      for (const name of ["q", "type", "discipline", "origin"]) {
        const v = form.elements[name].value;
        if (v) url.searchParams.set(name, v); else url.searchParams.delete(name);
      }
      history.replaceState(null, "", url);
      try {
        const hits = await filtered(await search(query), {
          type: form.elements.type.value, disciplines: form.elements.discipline.value, origin: form.elements.origin.value });
        const items = await Promise.all(hits.slice(0, shown).map(([id]) => resultItem(id, query, "li")));
        if (mine !== seq) return;
        list.replaceChildren(...items);
        status.textContent = query.trim() ? (hits.length ? count(hits.length) : box.dataset.none) : "";
        if (hits.length > shown) {
          const button = el("button", { type: "button", class: "search-more" }, box.dataset.all);
          button.addEventListener("click", () => update(true));
          list.append(el("li", { class: "search-more-item" }, button));
        }
      } catch (e) {
        if (mine === seq) status.textContent = box.dataset.failed;
      }
    }
    form.addEventListener("input", (e) => { if (!e.isComposing) update(false); });
    form.addEventListener("compositionend", () => update(false));
    form.addEventListener("submit", (e) => { e.preventDefault(); update(false); });
    list.addEventListener("keydown", (e) => moveFocus(e, list, input));
    input.addEventListener("keydown", (e) => {
      if (e.key === "ArrowDown") { e.preventDefault(); const a = list.querySelector("a"); if (a) a.focus(); }
    });
    if (input.value) update(false);
  }

  function moveFocus(e, list, input) {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    const links = [...list.querySelectorAll("a")];
    const i = links.indexOf(document.activeElement);
    if (i < 0) return;
    e.preventDefault();
    const next = links[i + (e.key === "ArrowDown" ? 1 : -1)];
    (next || (e.key === "ArrowUp" ? input : links[i])).focus();
  }

  /* The header box: a combobox whose listbox shows the best few results as you type. */
  function setupBox(form) {
    const input = form.elements.q;
    const list = el("ul", { id: "search-box-list", role: "listbox", class: "search-popup", hidden: "" });
    form.append(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    let seq = 0, active = -1;
    const options = () => [...list.querySelectorAll("[role=option]")];
    function close() {
      list.hidden = true; input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant"); active = -1;
    }
    function choose(i) {
      const all = options();
      all.forEach((o, k) => o.setAttribute("aria-selected", String(k === i)));
      active = i;
      if (all[i]) input.setAttribute("aria-activedescendant", all[i].id);
      else input.removeAttribute("aria-activedescendant");
    }
    async function update() {
      const mine = ++seq, query = input.value;
      if (!query.trim()) { list.replaceChildren(); close(); return; }
      try {
        const hits = await search(query);
        const items = await Promise.all(hits.slice(0, 6).map(([id]) => resultItem(id, query, "li")));
        if (mine !== seq) return;
        items.forEach((item, i) => {
          item.id = "search-box-option-" + i;
          item.setAttribute("role", "option");
          item.setAttribute("aria-selected", "false");
          item.querySelector("a").tabIndex = -1;
          const p = item.querySelector(".search-excerpt");
          if (p) p.remove();
        });
        const all = el("li", { role: "presentation", class: "search-all" },
          el("a", { href: form.action + "?q=" + encodeURIComponent(query), tabindex: "-1" },
            hits.length ? box.dataset.all + " (" + hits.length.toLocaleString() + ")" : box.dataset.none));
        list.replaceChildren(...items, all);
        list.hidden = false; input.setAttribute("aria-expanded", "true"); active = -1;
      } catch (e) {
        if (mine === seq) { list.replaceChildren(el("li", { role: "presentation" }, box.dataset.failed)); list.hidden = false; }
      }
    }
    input.addEventListener("input", (e) => { if (!e.isComposing) update(); });
    input.addEventListener("compositionend", update);
    input.addEventListener("keydown", (e) => {
      const all = options();
      if (e.key === "ArrowDown" && all.length) { e.preventDefault(); choose((active + 1) % all.length); }
      else if (e.key === "ArrowUp" && all.length) { e.preventDefault(); choose((active - 1 + all.length) % all.length); }
      else if (e.key === "Escape") { close(); }
      else if (e.key === "Enter" && active >= 0 && all[active]) { e.preventDefault(); location.href = all[active].querySelector("a").href; }
    });
    input.addEventListener("blur", () => setTimeout(() => { if (!form.contains(document.activeElement)) close(); }, 150));
    list.addEventListener("mousedown", (e) => e.preventDefault());
  }

  for (const form of forms) (form.dataset.search === "page" ? setupPage : setupBox)(form);
  window.harbourSearch = { search, stem, fold, plan, isTypo, typoKeys };
})();
