// A quiz in the browser: a trainee picks a choice and asks; only then is the answer key
// fetched, from the key's own page (a static file of the site: no server, and nothing of the
// key is in the quiz page, printed or read as source). The key page is parsed, never run:
// its right letters are read from data attributes and its explanations copied as nodes of
// the handbook's own escaped HTML.
(() => {
  "use strict";

  const quiz = document.querySelector("[data-pb-quiz]");
  if (!quiz) return;
  // The labels (messages.js) load after the page's own scripts: read them when needed.
  const label = (key, values = {}) => {
    const messages = window.phrasebookMessages || { labels: {} };
    return (messages.labels[key] ?? key).replace(
      /\{([a-z_]+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
  };

  let key = null;
  async function answers() {
    if (key) return key;
    const response = await fetch(quiz.dataset.pbKey);
    if (!response.ok) throw new Error(`answer key: HTTP ${response.status}`);
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const found = new Map();
    for (const item of page.querySelectorAll("[data-pb-answer]")) {
      found.set(item.dataset.pbQ, { letter: item.dataset.pbAnswer,
                                    why: item.querySelector(".pb-key__why") });
    }
    key = found;
    return key;
  }

  async function check(question) {
    const result = question.querySelector(".pb-quiz__result");
    const chosen = question.querySelector("input[type=radio]:checked");
    result.replaceChildren();
    if (!chosen) {
      result.textContent = label("quiz_choose");
      return;
    }
    let answer;
    try {
      answer = (await answers()).get(question.dataset.pbQ);
    } catch (error) {
      result.textContent = label("quiz_failed");
      return;
    }
    if (!answer) {
      result.textContent = label("quiz_failed");
      return;
    }
    const right = chosen.value === answer.letter;
    const input = question.querySelector(`input[value="${CSS.escape(answer.letter)}"]`);
    const text = input ? input.closest("label").textContent.trim() : answer.letter;
    question.dataset.pbState = right ? "right" : "wrong";
    const verdict = document.createElement("p");
    verdict.className = "pb-quiz__verdict";
    verdict.textContent = right ? label("quiz_right") : label("quiz_wrong", { answer: text });
    result.append(verdict);
    if (answer.why) result.append(document.importNode(answer.why, true));
  }

  quiz.addEventListener("click", (event) => {
    const button = event.target.closest(".pb-quiz__check");
    if (button) check(button.closest("[data-pb-q]"));
  });
  // A changed choice is a new attempt: the last verdict no longer applies to it.
  quiz.addEventListener("change", (event) => {
    const question = event.target.closest("[data-pb-q]");
    if (!question) return;
    delete question.dataset.pbState;
    question.querySelector(".pb-quiz__result").replaceChildren();
  });
})();
