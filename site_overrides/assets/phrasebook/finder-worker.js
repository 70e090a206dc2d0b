// The phrase finder's search, off the main thread so typing never stutters.
//
// The index is built from the model at build time (finder/index.py), not scraped from HTML:
// one row per phrase, then worked examples, situations and lessons. Here each row's words go
// into a sorted vocabulary with postings, so a query word costs a binary search for its
// prefix range plus the rows it names. Rows holding every query word come first; when none
// does, those holding the most are shown, so a rep who adds one word too many still sees
// something.
//
// A rep types fast and mid-call, so a query word is found, in this order of trust:
//   exact   - the word itself, after folding accents (ö = oe = o), ß = ss and spelling variants
//             (apologise = apologize), read with the rules of the site's language;
//   form    - another word with the same Snowball stem (the build gives each word its stem, so
//             "frustrated" finds "frustrating"), or, for the word being typed, a longer word;
//   typo    - only when neither finds anything: a word of the vocabulary at most one edit away
//             (two from eight letters; two swapped letters are one edit), compared against
//             the vocabulary, never against the rows.
"use strict";

const ASCII = /^[\x00-\x7f]*$/;
const ASCII_WORD = /[a-z0-9]+(?:'[a-z0-9]+)*/g;
const ANY_WORD = /[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu;
const APOSTROPHES = /[\u2018\u2019\u02bc`\u00b4]/g;
const MARKS = /\p{M}/gu;
const LETTERS = { "ß": "ss", "œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "þ": "th", "ı": "i" };
const LETTER = /[ßœæøłđþı]/g;

// How the site's language is read (finder/languages/<code>.yml, shipped in the index). The
// same steps, in the same order, as finder/words.py: the build and the browser must agree.
let lang = { filler: new Set(), spelling: [], contractions: new Map(), suffixes: [], elisions: new Set() };
const folded = new Map();
const keysOfToken = new Map(); // a raw token -> the words it stands for, folded (worked out once)

function fold(raw) {
  let word = folded.get(raw);
  if (word !== undefined) return word;
  word = ASCII.test(raw) ? raw
    : raw.replace(LETTER, (c) => LETTERS[c]).normalize("NFKD").replace(MARKS, "");
  for (const [pattern, replacement] of lang.spelling) word = word.replace(pattern, replacement);
  folded.set(raw, word);
  return word;
}

function expand(raw, out) {
  const whole = lang.contractions.get(raw);
  if (whole) { out.push(...whole); return; }
  if (!raw.includes("'")) { out.push(raw); return; }
  const cut = raw.indexOf("'");
  if (lang.elisions.has(raw.slice(0, cut))) { expand(raw.slice(cut + 1), out); return; }
  const suffix = lang.suffixes.find(([s]) => raw.endsWith(s) && raw.length > s.length);
  if (suffix) { out.push(raw.slice(0, -suffix[0].length), suffix[1]); return; }
  out.push(raw.replace(/'s$/, "").replace(/'/g, ""));
}

function eachWord(text, use) {
  // Most text is plain ASCII: nothing to normalise, and a cheaper pattern finds its words.
  const ascii = ASCII.test(text);
  const lowered = (ascii ? text : text.normalize("NFC")).replace(APOSTROPHES, "'").toLowerCase();
  for (const raw of lowered.match(ascii ? ASCII_WORD : ANY_WORD) || []) {
    let keys = keysOfToken.get(raw);
    if (!keys) {
      const out = [];
      expand(raw, out);
      keysOfToken.set(raw, keys = out.map(fold));
    }
    for (const key of keys) use(key);
  }
}

function words(text) {
  const out = [];
  eachWord(text, (word) => out.push(word));
  return out;
}

// A fill-in such as {customer_name} is not something the rep says: its name is not indexed.
const FILL_IN = /\{[^{}]*\}/g;
const spoken = (text) => text.replace(FILL_IN, " ");

// Where a word is found matters: the text to say and the title are what a rep scans. Weights
// add up over the fields that hold a word. The advice around a phrase (why to say it, why not
// the avoided words) finds it ("script") but adds nothing to its rank: of two phrases, the
// one whose own words or situation hold the word comes first, then the method's order.
const WEIGHT = { title: 6, say: 5, avoid: 3, step: 2, keywords: 6, situation: 6, variants: 2,
  why: 0, summary: 3, text: 1, entrySituation: 2 };
// A word's quality multiplies its weight: in the same fields, exact before form before typo;
// a form in the title and the text to say may outrank the exact word in a keyword.
const EXACT = 3, FORM = 2, TYPO = 1;
const scoreOf = (quality, weight) => quality * weight;

let rows = [];         // phrases
let entries = [];      // worked examples, situations, lessons: rows numbered after the phrases
let vocabulary = [];   // sorted words
let postings = [];     // postings[i]: {rows, weights} for vocabulary[i], rows ascending
let forms = new Map(); // stem -> indexes of the vocabulary's words with that stem
let formOf = [];       // formOf[i]: the stem group of vocabulary[i]
let byLength = [];     // byLength[n]: indexes of the vocabulary's words of n letters
let buffers = null;    // per-row sums for one search, allocated once: typing makes no garbage

function build(data) {
  const l = data.language || {};
  lang = {
    filler: new Set(),
    spelling: (l.spelling || []).map(([p, r]) => [new RegExp(p, "gu"), r]),
    contractions: new Map(Object.entries(l.contractions || {})),
    suffixes: l.suffixes || [],
    elisions: new Set(l.elisions || []),
  };
  folded.clear();
  keysOfToken.clear();
  for (const word of l.filler || []) for (const w of words(word)) lang.filler.add(w);

  rows = data.phrases;
  entries = data.entries || [];
  // A situation's words are worked out once, then given to each of its phrases.
  const situationWords = data.situations.map(([title, keywords]) => new Set(words(`${title} ${keywords}`)));
  const stepWords = data.steps.map((title) => new Set(words(title)));
  const byWord = new Map();
  // Rows are added in order, so a word's posting for this row, if any, is its last one.
  // `own` is the part of the weight from the row's own text, not from its situations or step.
  // A word counts once per field: `mark` names the field being added.
  let mark = 0;
  const add = (word, r, weight, own) => {
    let posting = byWord.get(word);
    if (!posting) byWord.set(word, posting = { rows: [], weights: [], own: [], mark: -1 });
    if (posting.mark === mark) return;
    posting.mark = mark;
    const last = posting.rows.length - 1;
    if (posting.rows[last] === r) { posting.weights[last] += weight; posting.own[last] += own; }
    else { posting.rows.push(r); posting.weights.push(weight); posting.own.push(own); }
  };
  const addFields = (fields, r, named = () => true) => {
    for (const [field, text] of fields) {
      if (!text) continue;
      const weight = WEIGHT[field], own = named(field) ? weight : 0;
      mark += 1;
      eachWord(text, (word) => add(word, r, weight, own));
    }
  };
  const addSituations = (list, r, weight) => {
    mark += 1;
    for (const s of list || []) for (const word of situationWords[s]) add(word, r, weight, 0);
  };
  rows.forEach((row, r) => {
    // A phrase for the situation that also says the word outranks one that only belongs to it.
    addFields([["title", row.t], ["say", spoken(row.s)], ["avoid", (row.a || []).join(" ")],
      ["keywords", row.g], ["variants", spoken(Object.values(row.v || {}).join(" "))],
      ["why", row.y]], r);
    mark += 1;
    for (const word of stepWords[row.p]) add(word, r, WEIGHT.step, 0);
    addSituations(row.w, r, WEIGHT.situation);
    row.situation = data.situations[row.h][0];
    row.step = data.steps[row.p];
  });
  // An entry's own score is what names it, its title and tags: a rep who types "the shoe
  // return" names an example; one who types a word of its dialogue does not.
  entries.forEach((entry, e) => {
    addFields([["title", entry.t], ["keywords", entry.g], ["summary", entry.s], ["text", entry.x]],
      rows.length + e, (field) => field === "title" || field === "keywords");
    addSituations(entry.w, rows.length + e, WEIGHT.entrySituation);
  });
  vocabulary = [...byWord.keys()].sort();
  postings = vocabulary.map((word) => {
    const { rows: r, weights, own } = byWord.get(word);
    return { rows: Int32Array.from(r), weights: Float64Array.from(weights), own: Float64Array.from(own) };
  });
  const size = rows.length + entries.length;
  buffers = { count: new Int32Array(size), score: new Float64Array(size), own: new Float64Array(size),
    seen: new Uint8Array(size), termSeen: new Uint8Array(size), termScore: new Float64Array(size), termOwn: new Float64Array(size) };

  const stemOf = new Map();
  for (const [stem, members] of Object.entries(data.stems || {})) {
    for (const word of members) stemOf.set(word, stem);
  }
  forms = new Map();
  byLength = [];
  formOf = vocabulary.map((word, i) => {
    const stem = stemOf.get(word) || word;
    let group = forms.get(stem);
    if (!group) forms.set(stem, group = []);
    group.push(i);
    (byLength[word.length] ||= []).push(i);
    return group;
  });
}

function lowerBound(prefix) {
  let lo = 0, hi = vocabulary.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (vocabulary[mid] < prefix) lo = mid + 1; else hi = mid;
  }
  return lo;
}

// Optimal string alignment distance (Levenshtein with a swap of two neighbours as one edit),
// given up as soon as it must exceed `most`. With `prefix`, the distance to the closest
// beginning of `b`: the word being typed is not finished.
const MAX = 48;
const grid = [new Int32Array(MAX + 1), new Int32Array(MAX + 1), new Int32Array(MAX + 1)];
function distance(a, b, most, prefix) {
  const m = Math.min(a.length, MAX);
  const n = Math.min(b.length, prefix ? m + most : MAX);
  if (!prefix && Math.abs(m - n) > most) return most + 1;
  let [before, prev, cur] = grid;
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const bj = b.charCodeAt(j - 1);
      let v = prev[j - 1] + (ai === bj ? 0 : 1);
      if (prev[j] + 1 < v) v = prev[j] + 1;
      if (cur[j - 1] + 1 < v) v = cur[j - 1] + 1;
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj
          && before[j - 2] + 1 < v) v = before[j - 2] + 1;
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > most) return most + 1;
    [before, prev, cur] = [prev, cur, before];
  }
  if (!prefix) return prev[n];
  let best = most + 1;
  for (let j = 0; j <= n; j++) if (prev[j] < best) best = prev[j];
  return best;
}

const editsAllowed = (term) => (term.length >= 8 ? 2 : term.length >= 4 ? 1 : 0);

// The vocabulary's words closest to a misspelt term, and the one to name in the status line.
function corrections(term, last) {
  const most = editsAllowed(term);
  if (!most) return { found: [], name: null };
  let best = most + 1;
  let found = [];
  // A typo does not turn letters into figures: a word is compared with words that begin alike
  // in that respect ("ref 1234" in a handbook puts thousands of numbers in its vocabulary).
  const figure = (word) => word.charCodeAt(0) >= 48 && word.charCodeAt(0) <= 57;
  const typedFigure = figure(term);
  const consider = (i, d) => {
    if (d < best) { best = d; found = [i]; } else if (d === best && d <= most) found.push(i);
  };
  if (last) {
    // The word being typed is compared with the beginning of each word. The vocabulary is
    // sorted, so words that begin alike follow each other and share one comparison.
    const width = term.length + most;
    let previous = null, d = most + 1;
    for (let i = 0; i < vocabulary.length; i++) {
      const word = vocabulary[i];
      if (word.length < term.length - most || figure(word) !== typedFigure) continue;
      const beginning = word.length > width ? word.slice(0, width) : word;
      if (beginning !== previous) { d = distance(term, beginning, Math.min(most, best), true); previous = beginning; }
      consider(i, d);
    }
  } else {
    for (let n = Math.max(1, term.length - most); n <= term.length + most; n++) {
      for (const i of byLength[n] || []) {
        if (figure(vocabulary[i]) === typedFigure) consider(i, distance(term, vocabulary[i], Math.min(most, best), false));
      }
    }
  }
  // Failing that, a misspelt form the handbook does not use ("erstatungen"): a stem it begins
  // with, give or take the edits the stem's length allows, stands for every word with it.
  const shortest = Math.max(5, term.length - 5 - most);  // an ending of five letters at most
  for (const [stem, group] of found.length ? [] : forms) {
    if (stem.length < shortest || stem.length > term.length) continue;
    const allowed = Math.min(editsAllowed(stem), best);  // a short stem allows fewer edits
    if (!allowed) continue;
    const d = distance(stem, term, allowed, true);
    if (d > allowed) continue;
    if (d < best) { best = d; found = [...group]; } else found.push(...group);
  }
  // Name one of them: a whole word ("Results for refund", not "refun"), the same letters
  // swapped rather than others ("wiat" is "wait", not "what"), then the most used.
  const letters = (word) => [...word].sort().join("");
  const typed = letters(term);
  let name = null, uses = -1;
  for (const i of found) {
    const word = vocabulary[i];
    const whole = last ? distance(term, word, most, false) <= most : true;
    const swapped = letters(word.slice(0, term.length)) === typed;
    const used = postings[i].rows.length + (swapped ? 1e6 : 0) + (whole ? 2e6 : 0);
    if (used > uses) { uses = used; name = vocabulary[i]; }
  }
  return { found, name };
}

// The vocabulary's words a query word stands for, each with its quality.
function candidates(term, last) {
  const out = new Map();
  const put = (i, quality) => { if ((out.get(i) || 0) < quality) out.set(i, quality); };
  const start = lowerBound(term);
  const exact = vocabulary[start] === term;
  if (exact) { put(start, EXACT); for (const i of formOf[start]) put(i, FORM); }
  if (last || term.length >= 3) { // a finished short word must be whole
    for (let i = exact ? start + 1 : start; i < vocabulary.length && vocabulary[i].startsWith(term); i++) put(i, FORM);
  }
  if (!exact) {
    // A form the handbook does not use ("frustrated"): the longest stem it begins with.
    for (let n = term.length - 1; n >= Math.max(4, Math.ceil(term.length * 0.6)); n--) {
      const group = forms.get(term.slice(0, n));
      if (group) { for (const i of group) put(i, FORM); break; }
    }
  }
  if (out.size) return { out, corrected: null };
  const { found, name } = corrections(term, last);
  for (const i of found) for (const j of formOf[i]) put(j, TYPO);
  return { out, corrected: name };
}

// Adds one query word's rows to the search's sums: for each row, the best of the words the
// query word stands for. A filler word being typed only nudges the order. Returns the word
// it was read as, when it was corrected.
function addTerm(term, touched) {
  const { count, score, own, seen, termSeen, termScore, termOwn } = buffers;
  const { out, corrected } = candidates(term.word, term.last);
  const mine = [];
  for (const [i, quality] of out) {
    const { rows: rowsOfWord, weights, own: owns } = postings[i];
    // A rare word says more than a common one ("called" than "call"): weights are scaled by
    // how few rows hold the word.
    const rarity = Math.log(1 + (rows.length + entries.length) / rowsOfWord.length);
    for (let n = 0; n < rowsOfWord.length; n++) {
      const r = rowsOfWord[n];
      const s = term.optional ? 1 : scoreOf(quality, weights[n]) * rarity;
      if (!termSeen[r]) { termSeen[r] = 1; mine.push(r); }
      if (termScore[r] < s) {
        termScore[r] = s;
        termOwn[r] = term.optional || !owns[n] ? 0 : scoreOf(quality, owns[n]) * rarity;
      }
    }
  }
  for (const r of mine) {
    if (!seen[r]) { seen[r] = 1; touched.push(r); }
    if (!term.optional) count[r] += 1;
    score[r] += termScore[r];
    own[r] += termOwn[r];
    termScore[r] = 0;
    termOwn[r] = 0;
    termSeen[r] = 0;
  }
  return mine.length ? corrected : null;
}

const ENTRIES_SHOWN = 5;

function search(query, limit) {
  const all = words(query);
  // Filler words are dropped, except the last, being typed: it may begin a word that counts,
  // so it adds to a row's score without being required.
  const terms = [];
  all.forEach((word, n) => {
    const last = n === all.length - 1;
    if (!lang.filler.has(word)) terms.push({ word, last, optional: false });
    else if (last) terms.push({ word, last, optional: true });
  });
  if (terms.length && terms.every((t) => t.optional)) terms.forEach((t) => { t.optional = false; });
  if (!terms.length) return { results: [], entries: [], total: 0, partial: false, corrected: null };
  const required = terms.filter((t) => !t.optional).length;
  const touched = [];
  let anyCorrected = false;
  const fixed = terms.map((term) => {
    const corrected = addTerm(term, touched);
    if (corrected) anyCorrected = true;
    return corrected || term.word;
  });
  const { count, score, own, seen } = buffers;
  // Phrases and the other entries are ranked apart: a long worked example holds many words
  // of a sentence, and must not push out the phrases that hold fewer.
  let most = 0, otherMost = 0;
  for (const r of touched) {
    if (r < rows.length) most = Math.max(most, count[r]); else otherMost = Math.max(otherMost, count[r]);
  }
  const byScore = (a, b) => score[b] - score[a] || a - b;
  const phrases = touched.filter((r) => r < rows.length && count[r] === most).sort(byScore);
  // A worked example, situation or lesson is shown when it holds as many of the query's words
  // as the phrases. When an example or lesson matches better, by its title or tags ("the shoe
  // return", "cold food") against the phrases' own words, it is what the rep named: two phrases
  // stay in view above it, not twenty. A situation never does: its phrases carry its words.
  const others = otherMost >= most
    ? touched.filter((r) => r >= rows.length && count[r] === otherMost).sort(byScore) : [];
  const ownBest = (list) => {
    let best = 0;
    for (let n = 0; n < list.length && n < 50; n++) best = Math.max(best, own[list[n]]);
    return best;
  };
  const named = others.filter((r) => entries[r - rows.length].k !== "situation");
  const better = named.length > 0 && (otherMost > most || !phrases.length
    || ownBest(named) > ownBest(phrases));
  // What the rep named then leads its group, before the situations.
  const group = better ? [...named, ...others.filter((r) => entries[r - rows.length].k === "situation")]
    : others;
  const result = {
    results: phrases.slice(0, better ? 2 : limit).map((r) => rows[r]),
    entries: group.slice(0, ENTRIES_SHOWN).map((r) => entries[r - rows.length]),
    total: phrases.length,
    partial: most > 0 && most < required,
    corrected: anyCorrected ? fixed.join(" ") : null,
  };
  for (const r of touched) { count[r] = 0; score[r] = 0; own[r] = 0; seen[r] = 0; }
  return result;
}

let ready = null;
self.onmessage = (event) => {
  const { type, url, query, id, limit } = event.data;
  if (type === "load") {
    ready = fetch(url).then((r) => {
      if (!r.ok) throw new Error(`phrase index: HTTP ${r.status}`);
      return r.json();
    }).then(build).then(() => self.postMessage({ type: "ready", size: rows.length }))
      .catch((error) => self.postMessage({ type: "error", message: String(error) }));
  } else if (type === "search") {
    ready.then(() => self.postMessage({ type: "results", id, query, ...search(query, limit || 20) }));
  } else if (type === "lookup") {
    ready.then(() => {
      const row = rows.find((r) => r.i === id || (r.o || []).includes(id));
      self.postMessage({ type: "found", id, url: row ? row.u : null });
    });
  }
};
