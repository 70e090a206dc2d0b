// The phrasebook's behaviour in the browser: the phrase finder, copying, and old links.
//
// Everything shown comes from the phrase index as text (textContent), never as HTML, so
// whatever an author wrote cannot run here. No request leaves the site.
(() => {
  "use strict";

  const finder = document.querySelector(".pb-finder");
  const base = finder ? finder.dataset.pbBase : "./";
  const absolute = (path) => new URL(base + path, document.baseURI).href;

  // --- Copying ------------------------------------------------------------------------------

  function announce(message) {
    const status = finder && finder.querySelector(".pb-finder__status");
    if (status) status.textContent = message;
    let toast = document.querySelector(".pb-toast");
    if (!toast) {
      toast = document.createElement("div");
      toast.className = "pb-toast";
      toast.setAttribute("aria-hidden", "true"); // the status region already speaks it
      document.body.append(toast);
    }
    toast.textContent = message;
    toast.classList.add("pb-toast--on");
    clearTimeout(announce.timer);
    announce.timer = setTimeout(() => toast.classList.remove("pb-toast--on"), 2000);
  }

  async function copy(text, what) {
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
      } else { // plain http on an internal network: the clipboard API is not available
        const area = document.createElement("textarea");
        area.value = text;
        area.setAttribute("readonly", "");
        area.style.position = "fixed";
        area.style.opacity = "0";
        document.body.append(area);
        area.select();
        document.execCommand("copy");
        area.remove();
      }
      announce(`${what} copied`);
    } catch (error) {
      announce(`Could not copy: ${error}`);
    }
  }

  document.addEventListener("click", (event) => {
    const link = event.target.closest("[data-pb-link]");
    if (link) {
      event.preventDefault();
      copy(new URL(link.dataset.pbLink, location.href).href, "Link");
    }
  });

  // --- The finder ---------------------------------------------------------------------------

  let worker = null;
  if (finder && window.Worker) {
    worker = new Worker(finder.dataset.pbWorker);
    worker.postMessage({ type: "load", url: new URL(finder.dataset.pbIndex, document.baseURI).href });
  }

  if (finder && worker) {
    const input = finder.querySelector(".pb-finder__input");
    const list = finder.querySelector(".pb-finder__results");
    const status = finder.querySelector(".pb-finder__status");
    let asked = 0;
    let shown = [];
    let active = -1;

    const open = (isOpen) => {
      list.hidden = !isOpen;
      input.setAttribute("aria-expanded", String(isOpen));
      if (!isOpen) setActive(-1);
    };

    function setActive(index) {
      active = index;
      [...list.children].forEach((item, i) => item.setAttribute("aria-selected", String(i === index)));
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", `pb-option-${index}`);
        list.children[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function element(tag, className, text) {
      const node = document.createElement(tag);
      node.className = className;
      if (text !== undefined) node.textContent = text;
      return node;
    }

    function render(results, total, query, partial) {
      shown = results;
      list.replaceChildren(...results.map((row, i) => {
        const item = element("li", "pb-finder__option");
        item.id = `pb-option-${i}`;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.dataset.url = row.u;
        if (row.t) item.append(element("span", "pb-finder__title", row.t));
        item.append(element("span", "pb-finder__say", row.s));
        item.append(element("span", "pb-finder__meta", `${row.situation} · ${row.step}`));
        const copyIcon = element("span", "pb-finder__copy", "Copy");
        copyIcon.setAttribute("aria-hidden", "true"); // keyboard: Shift+Enter
        copyIcon.dataset.copy = String(i);
        item.append(copyIcon);
        return item;
      }));
      open(results.length > 0);
      const found = `${total} phrase${total === 1 ? "" : "s"}`
        + (partial ? " with some of these words" : " found")
        + (total > results.length ? `, showing ${results.length}` : "");
      status.textContent = query.trim() === "" ? "" : total === 0 ? "No phrase matches." : `${found}.`;
      list.dispatchEvent(new CustomEvent("pb:results", { bubbles: true }));
    }

    worker.addEventListener("message", (event) => {
      const data = event.data;
      if (data.type === "results" && data.id === asked) render(data.results, data.total, data.query, data.partial);
      if (data.type === "error") status.textContent = "The phrase finder could not load its index.";
    });

    input.addEventListener("input", () => {
      asked += 1;
      if (input.value.trim() === "") { render([], 0, ""); return; }
      worker.postMessage({ type: "search", query: input.value, id: asked, limit: 20 });
    });

    const go = (index) => { if (shown[index]) location.href = absolute(shown[index].u); };

    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" && shown.length) {
        event.preventDefault();
        open(true);
        setActive((active + 1) % shown.length);
      } else if (event.key === "ArrowUp" && shown.length) {
        event.preventDefault();
        setActive(active <= 0 ? shown.length - 1 : active - 1);
      } else if (event.key === "Enter" && shown.length) {
        event.preventDefault();
        const index = active >= 0 ? active : 0;
        if (event.shiftKey) copy(shown[index].s, "Phrase");
        else go(index);
      } else if (event.key === "Escape") {
        if (!list.hidden) { event.preventDefault(); open(false); }
        else if (input.value) { event.preventDefault(); input.value = ""; render([], 0, ""); }
      }
    });

    list.addEventListener("mousedown", (event) => event.preventDefault()); // keep focus in the box
    list.addEventListener("click", (event) => {
      const copyIcon = event.target.closest("[data-copy]");
      const item = event.target.closest("[role=option]");
      if (copyIcon) copy(shown[Number(copyIcon.dataset.copy)].s, "Phrase");
      else if (item) go([...list.children].indexOf(item));
    });
    input.addEventListener("blur", () => setTimeout(() => open(false), 150));
    input.addEventListener("focus", () => { if (shown.length) open(true); });

    // "p" from anywhere focuses the finder. Material uses "p" for the previous page; finding
    // a phrase matters more to a rep mid-call, so we take the key first (capture phase).
    window.addEventListener("keydown", (event) => {
      const target = event.target;
      const typing = target instanceof HTMLElement &&
        (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
      if (event.key === "p" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        event.stopImmediatePropagation();
        input.focus();
        input.select();
      }
    }, true);
  }

  // --- Old links ----------------------------------------------------------------------------
  // A phrase that moved to another situation, or was renamed (its old id kept under
  // `aliases:`), is found in the index and the reader is taken to where it lives now.

  const wanted = decodeURIComponent(location.hash.slice(1));
  if (worker && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(wanted) && !document.getElementById(wanted)) {
    worker.addEventListener("message", (event) => {
      const data = event.data;
      if (data.type === "found" && data.id === wanted && data.url) location.replace(absolute(data.url));
    });
    worker.postMessage({ type: "lookup", id: wanted });
  }
})();
