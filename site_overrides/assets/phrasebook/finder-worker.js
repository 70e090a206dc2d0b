// The phrase finder's search, off the main thread so typing never stutters.
//
// The index is built from the model at build time (render.phrase_index), not scraped from
// HTML: one row per phrase. Here each row's words go into a sorted vocabulary with postings,
// so a query word costs a binary search for its prefix range plus the rows it names. Phrases
// holding every query word come first; when none does, those holding the most are shown, so a
// rep who adds one word too many still sees something. On a 10,000-phrase handbook this
// answers in a few milliseconds.
"use strict";

const CONTRACTIONS = {
  "i'm": ["i", "am"], "can't": ["can", "not"], "cannot": ["can", "not"],
  "won't": ["will", "not"], "let's": ["let", "us"],
};
const SUFFIXES = [["n't", "not"], ["'re", "are"], ["'ve", "have"], ["'ll", "will"], ["'d", "would"], ["'m", "am"]];

const ASCII = /^[\x00-\x7f]*$/;
const ASCII_WORD = /[a-z0-9]+(?:'[a-z0-9]+)*/g;
const ANY_WORD = /[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu;

function words(text) {
  // Most text is plain ASCII: no accents to strip, and a cheaper pattern finds its words.
  const ascii = ASCII.test(text);
  const folded = ascii ? text.replace(/`/g, "'").toLowerCase()
    : text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[\u2018\u2019\u02bc`\u00b4]/g, "'").toLowerCase();
  const out = [];
  for (const raw of folded.match(ascii ? ASCII_WORD : ANY_WORD) || []) {
    if (CONTRACTIONS[raw]) { out.push(...CONTRACTIONS[raw]); continue; }
    if (!raw.includes("'")) { out.push(raw); continue; }
    const suffix = SUFFIXES.find(([s]) => raw.endsWith(s) && raw.length > s.length);
    if (suffix) { out.push(raw.slice(0, -suffix[0].length), suffix[1]); continue; }
    out.push(raw.replace(/'s$/, "").replace(/'/g, ""));
  }
  return out;
}

// Words a rep types in a sentence ("the customer is shouting") that say nothing on their own.
// They still count as a prefix when they are the last word, being typed.
const FILLER = new Set(["a", "an", "the", "is", "are", "was", "be", "to", "of", "and", "or",
  "in", "on", "at", "for", "with", "my", "their", "his", "her", "customer", "caller", "client"]);

// A fill-in such as {customer_name} is not something the rep says: its name is not indexed.
const FILL_IN = /\{[^{}]*\}/g;
const spoken = (text) => text.replace(FILL_IN, " ");

// Where a word is found matters: the text to say and the title are what a rep scans.
const WEIGHT = { title: 6, say: 5, avoid: 3, step: 2, keywords: 6, variants: 2 };

let rows = [];
let vocabulary = [];   // sorted words
let postings = [];     // postings[i]: {rows, weights} for vocabulary[i], rows ascending

function build(data) {
  rows = data.phrases;
  // A situation's words are worked out once, then given to each of its phrases.
  const situationWords = data.situations.map(([title, keywords]) => new Set(words(`${title} ${keywords}`)));
  const stepWords = data.steps.map((title) => new Set(words(title)));
  const byWord = new Map();
  // Rows are added in order, so a word's posting for this row, if any, is its last one.
  const add = (word, r, weight) => {
    let posting = byWord.get(word);
    if (!posting) byWord.set(word, posting = { rows: [], weights: [] });
    const last = posting.rows.length - 1;
    if (posting.rows[last] === r) posting.weights[last] += weight;
    else { posting.rows.push(r); posting.weights.push(weight); }
  };
  rows.forEach((row, r) => {
    // A word's weight in a row adds up over the fields that hold it: a phrase for the
    // situation that also says the word outranks one that only belongs to the situation.
    const fields = {
      title: row.t || "", say: spoken(row.s), avoid: (row.a || []).join(" "),
      keywords: row.g || "", variants: spoken(Object.values(row.v || {}).join(" ")),
    };
    for (const [field, text] of Object.entries(fields)) {
      for (const word of new Set(words(text))) add(word, r, WEIGHT[field]);
    }
    for (const word of stepWords[row.p]) add(word, r, WEIGHT.step);
    const situational = new Set();
    for (const s of row.w) for (const word of situationWords[s]) situational.add(word);
    for (const word of situational) add(word, r, WEIGHT.keywords);
    row.situation = data.situations[row.h][0];
    row.step = data.steps[row.p];
  });
  vocabulary = [...byWord.keys()].sort();
  postings = vocabulary.map((word) => byWord.get(word));
}

function lowerBound(prefix) {
  let lo = 0, hi = vocabulary.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (vocabulary[mid] < prefix) lo = mid + 1; else hi = mid;
  }
  return lo;
}

// Rows matching one query word, with the best weight: an exact word counts double a prefix.
function matches(term, last) {
  const found = new Map();
  let i = lowerBound(term);
  for (; i < vocabulary.length && vocabulary[i].startsWith(term); i++) {
    const exact = vocabulary[i] === term;
    if (!exact && !last && term.length < 3) continue; // a finished short word must be whole
    const { rows: rowsOfWord, weights } = postings[i];
    for (let n = 0; n < rowsOfWord.length; n++) {
      const score = exact ? weights[n] * 2 : weights[n];
      if ((found.get(rowsOfWord[n]) || 0) < score) found.set(rowsOfWord[n], score);
    }
  }
  return found;
}

function search(query, limit) {
  const all = words(query);
  const meaningful = all.filter((term, n) => !FILLER.has(term) || n === all.length - 1);
  const terms = meaningful.length ? meaningful : all;
  if (!terms.length) return { results: [], total: 0, partial: false };
  const hits = new Map(); // row -> [query words it holds, score]
  terms.forEach((term, n) => {
    for (const [row, score] of matches(term, n === terms.length - 1)) {
      const hit = hits.get(row);
      if (hit) { hit[0] += 1; hit[1] += score; } else hits.set(row, [1, score]);
    }
  });
  let most = 0;
  for (const [count] of hits.values()) most = Math.max(most, count);
  const ranked = [...hits].filter(([, [count]]) => count === most)
    .sort((a, b) => b[1][1] - a[1][1] || a[0] - b[0]);
  return {
    results: ranked.slice(0, limit).map(([row]) => rows[row]),
    total: ranked.length,
    partial: most > 0 && most < terms.length,
  };
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
