// The phrase finder's search, off the main thread so typing never stutters.
//
// The index is built from the model at build time (finder/index.py, postings.py, parts.py):
// a head with the vocabulary (sorted, folded), its stem groups and the names of the parts;
// postings (rows, weights) for ranges of the vocabulary and the rows' display data in parts
// fetched when a query needs them, and kept. Here only the rep's query is read, with the
// rules of the site's language, so a query word costs a binary search for its prefix range
// plus the rows it names. Rows holding every query word come first; when none does, those
// holding the most are shown, so a rep who adds one word too many still sees something.
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

// How the site's language is read (finder/languages/<code>.yml, shipped in the head). The
// same steps, in the same order, as finder/words.py: the build read the handbook so.
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

// A word's quality multiplies its weight (the build's, by field: postings.py): in the same
// fields, exact before form before typo; a form in the title and the text to say may outrank
// the exact word in a keyword.
const EXACT = 3, FORM = 2, FORM_OF_EXACT = 1.5, TYPO = 1;
// A filler word being typed ("that's not what I said") counts for a quarter of a word: it
// orders the rows that hold the other words, but does not choose them.
const FILLER = 0.25;

let base = "";         // the head's address: parts are named relative to it
let head = null;
let phraseCount = 0;   // rows 0..phraseCount-1 are phrases; the other entries follow, a
let rowCount = 0;      //   group of rows per kind (head.groups), then pages' sections
let situations = [0, 0]; // the situations' rows: [first, end)
let spelled = {};      // a folded word -> the handbook's spelling, where they differ
let vocabulary = [];   // sorted words: those that begin with a figure, then the others
let figures = 0;       // how many begin with a figure ("ref 1234"): a part of their own,
                       //   fetched when a query word begins with one
let postings = [];     // postings[i]: {rows, pairs} for vocabulary[i] once its part is here;
                       //   after the vocabulary's, each situation's phrases
let memberOf = new Map(); // a situation's row -> the index of its phrases' posting
let weightOf = null;   // a posting's pair byte -> the word's weight in that row
let ownOf = null;      //   and the part of it from the row's own text
let forms = new Map(); // stem -> indexes of the vocabulary's words with that stem
let formOf = [];       // formOf[i]: the stem group of vocabulary[i]
let byLength = [[], []]; // byLength[f][n]: indexes of the vocabulary's words of n letters
                       //   that begin (f = 1) or do not begin (f = 0) with a figure
let buffers = null;    // per-row sums for one search, allocated once: typing makes no garbage
let weak = 0;          // an entry's word of at most this weight is only in its body text
const shown = [];      // shown[r]: row r's display data once its shard is here

function readHead(data) {
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
  head = data;
  phraseCount = data.phrases;
  rowCount = data.phrases + data.entries;
  const found = (data.groups || []).find(([kind]) => kind === "situation");
  situations = found ? [found[1], found[1] + found[2]] : [0, 0];
  spelled = data.spelled || {};
  figures = data.figures ? data.figures[0] : 0;
  vocabulary = new Array(figures).fill(null).concat(data.vocabulary);
  const members = data.members || [];
  postings = new Array(vocabulary.length + members.length);
  memberOf = new Map(members.map((row, s) => [row, vocabulary.length + s]));
  weightOf = Float64Array.from(data.pairs, ([weight]) => weight);
  ownOf = Float64Array.from(data.pairs, ([, own]) => own);
  buffers = { count: new Int32Array(rowCount), score: new Float64Array(rowCount),
    own: new Float64Array(rowCount), seen: new Uint8Array(rowCount),
    termSeen: new Uint8Array(rowCount), termScore: new Float64Array(rowCount),
    termOwn: new Float64Array(rowCount), termWeight: new Float64Array(rowCount) };
  weak = data.weak || 0;
  stemOf = new Map();
  for (const [stem, members] of Object.entries(data.stems || {})) {
    for (const i of members) stemOf.set(i, stem);
  }
  forms = new Map();
  byLength = [[], []];
  formOf = new Array(vocabulary.length);
  addForms(figures, vocabulary.length);
}

let stemOf = new Map(); // vocabulary index -> its stem, for words not their stem
function addForms(from, to) {
  for (let i = from; i < to; i++) {
    const word = vocabulary[i];
    const stem = stemOf.get(i) || word;
    let group = forms.get(stem);
    if (!group) forms.set(stem, group = []);
    group.push(i);
    (byLength[figure(word) ? 1 : 0][word.length] ||= []).push(i);
    formOf[i] = group;
  }
}

// A typo does not turn letters into figures: a word is compared with words that begin alike
// in that respect ("ref 1234" in a handbook puts thousands of numbers in its vocabulary).
const figure = (word) => word.charCodeAt(0) >= 48 && word.charCodeAt(0) <= 57;

// The words that begin with a figure, needed by a query word that does.
function needFigures(terms) {
  if (!figures || vocabulary[0] !== null || !terms.some((t) => figure(t.word))) return null;
  return part(head.figures[1], (r) => r.json().then((words) => {
    if (vocabulary[0] !== null) return;
    words.forEach((word, i) => { vocabulary[i] = word; });
    addForms(0, figures);
  }));
}

// --- Parts, fetched once when a query first needs them ------------------------------------
// A failed fetch is forgotten, so the next query tries again, and reported.

const fetched = new Map(); // part name -> promise of its content
function part(name, read) {
  let promise = fetched.get(name);
  if (!promise) {
    promise = fetch(new URL(name, base)).then((r) => {
      if (!r.ok) throw new Error(`phrase index part ${name}: HTTP ${r.status}`);
      return read(r);
    });
    promise.catch(() => fetched.delete(name));
    fetched.set(name, promise);
  }
  return promise;
}

// The part holding item `n`, of parts listed as [first item, name] in order.
function partOf(list, n) {
  let lo = 0, hi = list.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (list[mid][0] <= n) lo = mid; else hi = mid - 1;
  }
  return lo;
}

// Postings for a range of the vocabulary: per word, its number of rows, the rows as varint
// gaps, then a byte per row naming its (weight, own) pair.
function readPostings(start, buffer) {
  const data = new Uint8Array(buffer);
  let at = 0, i = start;
  const varint = () => {
    let value = 0, shift = 0, byte;
    do { byte = data[at++]; value += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte >= 0x80);
    return value;
  };
  while (at < data.length) {
    const count = varint();
    const rows = new Int32Array(count);
    let row = 0;
    for (let n = 0; n < count; n++) { row += varint(); rows[n] = row; }
    postings[i++] = { rows, pairs: data.subarray(at, at + count) };
    at += count;
  }
}

// A postings part of an index not fetched whole comes with its preview (parts.py): the
// display data of the rows its words show first, fetched in the same round, so that a query
// of one word needs no display shard after its postings. The shards stay what a row's display
// data is read from: a preview that fails is not reported, its rows come from their shards.
function postingsPart(p) {
  const [start, name, preview] = head.postings[p];
  const read = part(name, (r) => r.arrayBuffer().then((buffer) => {
    if (!postings[start]) readPostings(start, buffer);
  }));
  if (!preview) return read;
  const previewed = part(preview, (r) => r.json().then((data) => {
    for (const [r, row] of data) if (!shown[r]) shown[r] = display(r, row);
  })).catch(() => {});
  return Promise.all([read, previewed]);
}

function display(r, row) {
  return r < phraseCount ? { ...row, situation: head.situations[row.h], step: head.steps[row.p] } : row;
}

function rowsPart(p) {
  const [start, name] = head.shards[p];
  return part(name, (r) => r.json().then((data) => {
    data.forEach((row, n) => { shown[start + n] = display(start + n, row); });
  }));
}

function needPostings(indexes) {
  const wanted = new Set();
  for (const i of indexes) if (!postings[i]) wanted.add(partOf(head.postings, i));
  return Promise.all([...wanted].map(postingsPart));
}

function needRows(list) {
  const wanted = new Set();
  for (const r of list) if (!shown[r]) wanted.add(partOf(head.shards, r));
  return Promise.all([...wanted].map(rowsPart));
}

// An index up to a few megabytes (`eager`, parts.py) is fetched whole once the head is read,
// two parts at a time so that a query's own fetches still find a free connection: later
// queries then need no fetch. A part that fails now is fetched again, and reported, when a
// query needs it.
function fetchAll() {
  const queue = [...head.postings.keys()].map((p) => () => postingsPart(p))
    .concat([...head.shards.keys()].map((p) => () => rowsPart(p)));
  const lane = () => (queue.length ? queue.shift()().catch(() => {}).then(lane) : null);
  lane();
  lane();
}

function lowerBound(prefix) {
  let lo = figure(prefix) ? 0 : figures, hi = figure(prefix) ? figures : vocabulary.length;
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

// The vocabulary's words closest to a misspelt term.
function corrections(term, last) {
  const most = editsAllowed(term);
  if (!most) return [];
  let best = most + 1;
  let found = [];
  // Words are compared with those that begin alike: with a figure, or not.
  const typedFigure = figure(term);
  const consider = (i, d) => {
    if (d < best) { best = d; found = [i]; } else if (d === best && d <= most) found.push(i);
  };
  if (last) {
    // The word being typed is compared with the beginning of each word. The vocabulary is
    // sorted, so words that begin alike follow each other and share one comparison.
    const width = term.length + most;
    let previous = null, d = most + 1;
    for (let i = typedFigure ? 0 : figures; i < (typedFigure ? figures : vocabulary.length); i++) {
      const word = vocabulary[i];
      if (word.length < term.length - most) continue;
      const beginning = word.length > width ? word.slice(0, width) : word;
      if (beginning !== previous) { d = distance(term, beginning, Math.min(most, best), true); previous = beginning; }
      consider(i, d);
    }
  } else {
    for (let n = Math.max(1, term.length - most); n <= term.length + most; n++) {
      for (const i of byLength[typedFigure ? 1 : 0][n] || []) {
        consider(i, distance(term, vocabulary[i], Math.min(most, best), false));
      }
    }
  }
  // Failing that, a misspelt form the handbook does not use ("erstatungen"): a stem it begins
  // with, give or take the edits the stem's length allows, stands for every word with it.
  const shortest = Math.max(5, term.length - 5 - most);  // an ending of five letters at most
  for (const [stem, group] of found.length ? [] : forms) {
    if (stem.length < shortest || stem.length > term.length || figure(stem) !== typedFigure) continue;
    const allowed = Math.min(editsAllowed(stem), best);  // a short stem allows fewer edits
    if (!allowed) continue;
    const d = distance(stem, term, allowed, true);
    if (d > allowed) continue;
    if (d < best) { best = d; found = [...group]; } else found.push(...group);
  }
  return found;
}

// Of the words a misspelt term was read as, the one to name in the status line: a whole word
// ("Results for refund", not "refun"), the same letters swapped rather than others ("wiat" is
// "wait", not "what"), then the most used. Needs their postings.
function nameOf(term, last, found) {
  const most = editsAllowed(term);
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
  return name;
}

// The vocabulary's words a query word stands for, each with its quality; `found`, the words
// it was read as when it was misspelt.
function candidates(term, last) {
  const out = new Map();
  const put = (i, quality) => { if ((out.get(i) || 0) < quality) out.set(i, quality); };
  const start = lowerBound(term);
  const exact = vocabulary[start] === term;
  // When the handbook has the word itself, its other forms are trusted less ("called three
  // times" is about being called, more than about a call).
  if (exact) { put(start, EXACT); for (const i of formOf[start]) put(i, FORM_OF_EXACT); }
  // A longer word that begins with it, trusted as a form unless the handbook has the word
  // itself: then "nothing" is not what "not" meant.
  if (last || term.length >= 3) { // a finished short word must be whole
    for (let i = exact ? start + 1 : start; i < vocabulary.length && vocabulary[i].startsWith(term); i++) put(i, exact ? FORM_OF_EXACT : FORM);
  }
  if (!exact) {
    // A form the handbook does not use ("frustrated"): the longest stem it begins with.
    for (let n = term.length - 1; n >= Math.max(4, Math.ceil(term.length * 0.6)); n--) {
      const group = forms.get(term.slice(0, n));
      if (group) { for (const i of group) put(i, FORM); break; }
    }
  }
  if (out.size) return { out, found: null };
  const found = corrections(term, last);
  for (const i of found) for (const j of formOf[i]) put(j, TYPO);
  return { out, found };
}

// Adds one query word's rows to the search's sums: for each row, the best of the words the
// query word stands for. A filler word being typed only nudges the order. Returns whether
// any row holds it.
function addTerm(term, out, touched) {
  const { count, score, own, seen, termSeen, termScore, termOwn, termWeight } = buffers;
  const mine = [];
  for (const [i, quality] of out) {
    const { rows, pairs } = postings[i];
    // A rare word says more than a common one ("called" than "call"): weights are scaled by
    // how few rows hold the word.
    const rarity = Math.log(1 + rowCount / rows.length);
    for (let n = 0; n < rows.length; n++) {
      const r = rows[n];
      const s = (term.optional ? FILLER : 1) * quality * weightOf[pairs[n]] * rarity;
      if (!termSeen[r]) { termSeen[r] = 1; mine.push(r); }
      if (termWeight[r] < weightOf[pairs[n]]) termWeight[r] = weightOf[pairs[n]];
      if (termScore[r] < s) {
        termScore[r] = s;
        const o = ownOf[pairs[n]];
        termOwn[r] = term.optional || !o ? 0 : quality * o * rarity;
      }
    }
  }
  for (const r of mine) {
    if (!seen[r]) { seen[r] = 1; touched.push(r); }
    // Counted in halves: a word only in an entry's body text (a long dialogue holds many
    // words of a sentence) is half a word against one in what it is, its title or summary.
    if (!term.optional) count[r] += r >= phraseCount && termWeight[r] <= weak ? 1 : 2;
    score[r] += termScore[r];
    own[r] += termOwn[r];
    termScore[r] = 0;
    termOwn[r] = 0;
    termSeen[r] = 0;
    termWeight[r] = 0;
  }
  return mine.length > 0;
}

const ENTRIES_SHOWN = 5;
const OWN_LOOKED_AT = 50; // whether an entry matches better is judged on the first fifty

// The first `k` rows of a list that `keep` holds, in the order `before` gives, and how many
// rows it holds in all: kept sorted as they come, so a word held by 46,000 rows costs one
// pass instead of sorting them all.
function first(list, keep, k, before) {
  const top = [];
  let count = 0;
  for (const r of list) {
    if (!keep(r)) continue;
    count += 1;
    if (top.length === k && !before(r, top[k - 1])) continue;
    let at = top.length === k ? k - 1 : top.length;
    while (at > 0 && before(r, top[at - 1])) { top[at] = top[at - 1]; at -= 1; }
    top[at] = r;
  }
  return { top, count };
}
const NOTHING = { results: [], entries: [], total: 0, partial: false, corrected: null };

// The rows to show for a query, by number, and what the status line says of them. Fetches
// the postings its words need first; null when a newer query came meanwhile.
async function rank(query, limit, current) {
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
  if (!terms.length) return { ...NOTHING, rows: [] };
  await needFigures(terms);
  const read = terms.map((term) => candidates(term.word, term.last));
  await needPostings(read.flatMap(({ out }) => [...out.keys()]));
  if (!current()) return null;
  const required = terms.filter((t) => !t.optional).length;
  const touched = [];
  let anyCorrected = false;
  const fixed = terms.map((term, n) => {
    const { out, found } = read[n];
    const corrected = addTerm(term, out, touched) && found ? nameOf(term.word, term.last, found) : null;
    if (corrected) anyCorrected = true;
    // Named as the handbook spells it ("Verspätung"), not as folded ("verspatung").
    return spelled[corrected || term.word] || corrected || term.word;
  });
  const { count, score, own, seen } = buffers;
  // Phrases and the other entries are ranked apart: a long worked example holds many words
  // of a sentence, and must not push out the phrases that hold fewer.
  let most = 0, otherMost = 0;
  for (const r of touched) {
    if (r < phraseCount) most = Math.max(most, count[r]); else otherMost = Math.max(otherMost, count[r]);
  }
  // Of two rows, the one with the higher score comes first, then the one earlier in the
  // method. Only the first few of each list are needed: not all the rows a common word holds.
  const before = (a, b) => score[a] > score[b] || (score[a] === score[b] && a < b);
  const isPhrase = (r) => r < phraseCount && count[r] === most;
  const phrases = first(touched, isPhrase, Math.max(limit, OWN_LOOKED_AT), before);
  // Another entry (a worked example, situation, lesson, step, decision, page...) is shown when
  // it holds as many of the query's words as the phrases. When one matches better, by its
  // title or tags ("the shoe return", "cold food") against the phrases' own words, it is what
  // the rep named: two phrases stay in view above it, not twenty. A situation does only when
  // no phrase holds as many of the words: otherwise its phrases carry its words.
  const situation = (r) => r >= situations[0] && r < situations[1];
  // With fewer phrases than the first three, the best of the others fill the list even when
  // they hold fewer of the words: they push nothing out.
  const isOther = (r) => (otherMost >= most || phrases.count < 3) && r >= phraseCount
    && count[r] === otherMost;
  // A situation leads only when it holds more of the words than any phrase: the rep typed
  // what a customer says in it ("you people are useless"), which no phrase says.
  const ownBest = (list) => {
    let best = 0;
    for (const r of list) best = Math.max(best, own[r]);
    return best;
  };
  const phrasesOwn = ownBest(phrases.top.slice(0, OWN_LOOKED_AT));
  // With as many words as a phrase, a situation leads when its own words (what customers
  // say in it, its title) match better than all a phrase holds, its situations' words too.
  const phrasesBest = phrases.top.length ? score[phrases.top[0]] : 0;
  const leads = (r) => isOther(r) && (otherMost > most || !situation(r) || own[r] > phrasesBest);
  const named = first(touched, leads, OWN_LOOKED_AT, before);
  // It matches better when it holds more of the words than any phrase (a word in a long
  // dialogue counts half), or as many, by words that say what it is.
  const better = named.count > 0 && (!phrases.count || otherMost > most
    || ownBest(named.top) >= phrasesOwn);
  // What the rep named then leads its group, before the situations.
  const group = better
    ? [...named.top, ...first(touched, (r) => isOther(r) && !leads(r), ENTRIES_SHOWN, before).top]
    : first(touched, isOther, ENTRIES_SHOWN, before).top;
  const clear = () => { for (const r of touched) { count[r] = 0; score[r] = 0; own[r] = 0; seen[r] = 0; } };
  // A situation that answers (the rep typed what a customer says in it) brings its own
  // phrases, those that hold the query's words first, then in the method's order.
  const members = better && otherMost > most ? memberOf.get(group[0]) : undefined;
  if (members !== undefined && !postings[members]) {
    clear(); // its phrases' posting is fetched, then the query ranked again
    await needPostings([members]);
    return current() ? rank(query, limit, current) : null;
  }
  const answer = members !== undefined ? first(postings[members].rows, () => true, 2, before) : null;
  const result = {
    rows: answer ? answer.top : phrases.top.slice(0, better ? 2 : limit),
    others: group.slice(0, ENTRIES_SHOWN),
    total: answer ? answer.count : phrases.count,
    partial: !answer && most > 0 && most < 2 * required,
    corrected: anyCorrected ? fixed.join(" ") : null,
  };
  clear();
  return result;
}

async function search(query, limit, current) {
  const ranked = await rank(query, limit, current);
  if (!ranked) return null;
  const { rows, others, ...rest } = ranked;
  await needRows([...rows, ...others]);
  return { ...rest, results: rows.map((r) => shown[r]), entries: others.map((r) => shown[r]) };
}

// An old link's phrase id (or an old id kept under `aliases:`), looked up in the bucket its
// hash names (parts.py, fnv1a).
async function lookup(id) {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(id)) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  const name = head.ids[h % head.ids.length];
  const bucket = await part(name, (r) => r.json());
  return Object.hasOwn(bucket, id) ? bucket[id] : null;
}

let ready = null;
let latest = 0; // the newest query: an older one still waiting for parts is dropped
const failed = (error) => self.postMessage({ type: "error", message: String(error) });
self.onmessage = (event) => {
  const { type, url, query, id, limit } = event.data;
  if (type === "load") {
    base = url;
    ready = fetch(url).then((r) => {
      if (!r.ok) throw new Error(`phrase index: HTTP ${r.status}`);
      return r.json();
    }).then(readHead);
    ready.then(() => {
      self.postMessage({ type: "ready", size: phraseCount });
      if (head.eager) fetchAll();
    }, failed);
  } else if (type === "search") {
    latest = id;
    const current = () => id === latest;
    ready.then(() => search(query, limit || 20, current)).then((found) => {
      if (found && current()) self.postMessage({ type: "results", id, query, ...found });
    }, (error) => { if (current()) failed(error); });
  } else if (type === "lookup") {
    ready.then(() => lookup(id)).then((found) => self.postMessage({ type: "found", id, url: found }),
      failed);
  }
};
