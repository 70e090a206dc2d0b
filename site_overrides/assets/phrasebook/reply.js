// The reply checker in the browser: a draft against every phrase the handbook avoids.
//
// A copy of generator/normalize.py's `words()` and its trie walk, line for line, reading the
// same generated table (assets/phrasebook/avoided.json: the avoided phrases' words and the
// normalisation's own tables), so
// the page and `phrasebook reply` find the same phrases at the same places. Offsets count
// code points, as Python's do. The draft is only ever put into text nodes; nothing is sent.
(() => {
  "use strict";

  // Python's \s, which `_HIDDEN` uses: JavaScript's \s differs (U+FEFF in, U+001C-U+001F
  // and U+0085 out).
  const SPACE = "\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029" +
    "\\u202f\\u205f\\u3000";
  const HIDDEN = new RegExp(
    `~~[^]+?~~|\\]\\((?:[^)${SPACE}\\]]|\\](?!\\())*(?:[${SPACE}]+"[^"]*")?\\)`, "gu");
  const WORD = /[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu;
  const ASCII = /^[\x00-\x7f]*$/;

  function compile(data) {
    const norm = data.norm;
    const foldMap = new Map(Object.entries(norm.fold));
    const casefold = new Map(Object.entries(norm.casefold));
    const whole = new Map(Object.entries(norm.whole));
    const isAfter = new Set(norm.isAfter);
    const expanded = new Set(["is", "us"]);
    for (const parts of whole.values()) parts.forEach((p) => expanded.add(p));
    for (const [, parts] of norm.suffix) parts.forEach((p) => expanded.add(p));

    const lookalike = new Map(Object.entries(norm.lookalike));
    const invisible = norm.invisible; // [first, last] code points, in order

    // Python's str.translate(_FOLD): one native pass over the text, not a string per character.
    const foldable = new RegExp(`[${[...foldMap.keys()]
      .map((ch) => `\\u{${ch.codePointAt(0).toString(16)}}`).join("")}]`, "gu");
    const translate = (text) => text.replace(foldable, (ch) => foldMap.get(ch));

    const seen = (ch) => {
      const cp = ch.codePointAt(0);
      for (const [first, last] of invisible) {
        if (cp < first) return true;
        if (cp <= last) return false;
      }
      return true;
    };

    // lookalikes.table: look-alike letters of other scripts Latin, invisible characters out.
    const plain = (text) => {
      let out = "";
      for (const ch of text) {
        if (!seen(ch)) continue;
        const to = lookalike.get(ch);
        out += to === undefined ? ch : to;
      }
      return out;
    };

    // normalize.fold for one character: quotes and spaces plain, NFKC, look-alikes plain,
    // case folded, look-alikes plain again.
    const fold = (ch) => {
      let text = translate(ch);
      if (ASCII.test(text)) return text.toLowerCase();
      text = plain(translate(text.normalize("NFKC")));
      let out = "";
      for (const c of text) {
        const to = casefold.get(c);
        out += to === undefined ? c.toLowerCase() : to;
      }
      return plain(out);
    };

    const expand = (word) => {
      const w = whole.get(word);
      if (w) return w;
      if (!word.includes("'")) return [word];
      for (const [suffix, long] of norm.suffix) {
        if (word.endsWith(suffix) && word.length > suffix.length) {
          return [word.slice(0, -suffix.length), ...long];
        }
      }
      if (word.endsWith("'s")) {
        const base = word.slice(0, -2);
        return isAfter.has(base) ? [base, "is"] : [base];
      }
      return word.split("'").filter((part) => part);
    };

    // normalize.words: [text, start, end] with start and end in code points of `text`.
    function words(text) {
      const ascii = ASCII.test(text);
      let unit = null; // UTF-16 index -> code point index, when they differ
      if (!ascii) {
        unit = new Int32Array(text.length + 1);
        let cp = 0;
        for (let i = 0; i < text.length; i++) {
          unit[i] = cp;
          const code = text.charCodeAt(i);
          if (code < 0xd800 || code > 0xdbff || i + 1 === text.length) cp++;
          else if ((text.charCodeAt(i + 1) & 0xfc00) !== 0xdc00) cp++;
        }
        unit[text.length] = cp;
      }
      const hidden = [];
      if (text.includes("~~") || text.includes("](")) {
        for (const m of text.matchAll(HIDDEN)) {
          const s = m.index, e = m.index + m[0].length;
          hidden.push(unit ? [unit[s], unit[e]] : [s, e]);
        }
      }
      let folded, where = null;
      if (ascii) {
        folded = translate(text).toLowerCase();
      } else {
        const pieces = [];
        const index = [];
        let i = 0;
        for (const ch of text) {
          const out = fold(ch);
          pieces.push(out);
          for (let k = 0; k < out.length; k++) index.push(i);
          i++;
        }
        folded = pieces.join("");
        where = index;
      }
      const found = [];
      let h = 0;
      for (const m of folded.matchAll(WORD)) {
        let start = m.index, end = m.index + m[0].length;
        if (where !== null) { start = where[start]; end = where[end - 1] + 1; }
        while (h < hidden.length && hidden[h][1] <= start) h++;
        if (h < hidden.length && hidden[h][0] <= start) continue;
        for (const part of expand(m[0])) found.push([part, start, end]);
      }
      return found;
    }

    const root = new Map();
    data.avoid.forEach((row, n) => {
      let node = root;
      let last = null;
      for (const word of row.k) {
        if (!node.has(word)) node.set(word, { children: new Map(), found: [] });
        last = node.get(word);
        node = last.children;
      }
      if (last) last.found.push(n);
    });

    // Every avoided phrase in `text`: [row, start, end], in normalize.Matcher.find's order.
    function check(text) {
      const found = words(text);
      const out = [];
      for (let i = 0; i < found.length; i++) {
        let node = root.get(found[i][0]);
        let j = i;
        while (node !== undefined) {
          for (const n of node.found) out.push([n, found[i][1], found[j][2]]);
          j += 1;
          if (j === found.length) break;
          node = node.children.get(found[j][0]);
        }
      }
      return out;
    }

    // The alternative a finding offers, worded for the draft's channel where the phrase has
    // a variant for it (Avoidance.say_for in reply.py).
    const alternative = (n, channel) => {
      const row = data.avoid[n];
      return channel && Object.hasOwn(row.c, channel) ? row.c[channel] : row.s;
    };

    return { words, check, alternative, rows: data.avoid };
  }

  // --- The page ------------------------------------------------------------------------------

  const MAX_CHARS = 1000000;

  // The site language's labels (messages.js, from the same catalog as the pages), as in
  // phrasebook.js: a plural label holds a text per CLDR category. messages.js comes after
  // this page's own script, so they are read once the document is parsed.
  let messages = null;
  let plurals = null;
  function label(key, values = {}, count) {
    if (messages === null) {
      messages = window.phrasebookMessages || { language: "en", labels: {} };
      plurals = new Intl.PluralRules(messages.language);
    }
    let text = messages.labels[key] ?? key;
    if (typeof text === "object") text = text[plurals.select(count)] ?? text.other;
    const all = count === undefined ? values : { count, ...values };
    return text.replace(/\{([a-z_]+)\}/g, (whole, name) => (name in all ? String(all[name]) : whole));
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // The alternative's fill-ins, as the phrase card shows them: "Fill in: {name} what".
  function fillIns(row) {
    const fills = Object.entries(row.v).sort();
    if (!fills.length) return null;
    const line = element("p", "pb-fill");
    line.append(element("span", "pb-label-inline", label("fill_in")));
    fills.forEach(([name, what], n) => {
      line.append(n ? "; " : " ", element("code", "", `{${name}}`), ` ${what}`);
    });
    return line;
  }

  function show(root, checker) {
    const draft = root.querySelector(".pb-reply__draft");
    const preview = root.querySelector(".pb-reply__preview");
    const list = root.querySelector(".pb-reply__findings");
    const status = root.querySelector(".pb-reply__status");
    const channel = root.querySelector(".pb-reply__channel");
    const base = root.dataset.pbBase;

    const run = () => {
      const text = draft.value;
      const wanted = channel ? channel.value : "";
      preview.replaceChildren();
      list.replaceChildren();
      if (text.length > MAX_CHARS) {
        status.textContent = label("reply_too_long");
        return;
      }
      const findings = checker.check(text);
      const chars = Array.from(text);
      // Marks never overlap: overlapping findings share one <mark>.
      const spans = findings.map(([, s, e]) => [s, e]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      let at = 0;
      for (const [s, e] of spans) {
        if (e <= at) continue;
        const from = Math.max(s, at);
        if (from > at) preview.append(document.createTextNode(chars.slice(at, from).join("")));
        preview.append(element("mark", "pb-reply__mark", chars.slice(from, e).join("")));
        at = e;
      }
      if (at < chars.length) preview.append(document.createTextNode(chars.slice(at).join("")));
      for (const [n, s, e] of findings) {
        const row = checker.rows[n];
        const item = element("li", "pb-reply__finding");
        item.dataset.start = String(s);
        item.dataset.end = String(e);
        const head = element("p", "pb-reply__found");
        head.append(element("del", "", chars.slice(s, e).join("")));
        if (row.w) head.append(" ", element("span", "pb-avoid-why", row.w));
        const instead = element("div", "pb-say-line");
        const say = checker.alternative(n, wanted);
        const quote = element("blockquote", "pb-text");
        quote.append(element("p", "", say));
        const button = element("button", "md-button pb-copy", label("copy"));
        button.type = "button";
        button.dataset.clipboardText = say;
        button.setAttribute("aria-label", label("reply_copy_aria"));
        const link = element("a", "pb-reply__phrase", label("reply_open"));
        link.href = base + row.u;
        instead.append(quote, button);
        item.append(head, element("p", "pb-label", label("reply_instead")), instead);
        const fills = fillIns(row);
        if (fills) item.append(fills);
        item.append(link);
        list.append(item);
      }
      status.textContent = !text.trim() ? "" : findings.length
        ? label("reply_found", {}, findings.length) : label("reply_clean");
    };

    let timer = 0;
    draft.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(run, 60);
    });
    if (channel) channel.addEventListener("change", run);
    run();
  }

  function start() {
    const root = document.querySelector("[data-pb-reply]");
    if (!root) return;
    const status = root.querySelector(".pb-reply__status");
    fetch(new URL(root.dataset.pbTable, document.baseURI))
      .then((response) => response.json())
      .then((data) => {
        const checker = compile(data);
        window.phrasebookReply = checker; // for the tests and the benchmark
        show(root, checker);
      })
      .catch((error) => { status.textContent = label("reply_failed", { error }); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
