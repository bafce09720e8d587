// Kizuna: the exercise controllers' live board (演習ボード, /exercises/{id}/board).
// Every few seconds (data-refresh-seconds on #exercise-board) the page is fetched again and its
// server-rendered #exercise-board replaces the one shown; it stops once the exercise is no longer
// running, and skips while the tab is hidden. Without this script a <noscript> meta refresh reloads
// the page. No UI text lives here: the server renders it.
(() => {
  "use strict";

  const first = document.getElementById("exercise-board");
  if (!first || first.dataset.status !== "running") return;
  const seconds = Number(first.dataset.refreshSeconds);
  const every = (Number.isFinite(seconds) && seconds >= 2 ? seconds : 5) * 1000;
  const live = document.getElementById("exercise-board-live");
  if (live) live.hidden = false;
  let busy = false;
  let timer = 0;

  async function refresh() {
    if (busy || document.hidden) return;
    busy = true;
    try {
      const answer = await fetch(window.location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } });
      if (!answer.ok) return;
      const fresh = new DOMParser().parseFromString(await answer.text(), "text/html").getElementById("exercise-board");
      const current = document.getElementById("exercise-board");
      if (!fresh || !current) return;
      const adopted = document.adoptNode(fresh);
      current.replaceWith(adopted);
      adopted.dataset.refreshed = String(Date.now());
      if (adopted.dataset.status !== "running") {
        window.clearInterval(timer);
        if (live) live.hidden = true;
      }
    } catch {
      /* offline for a moment: the next tick tries again */
    } finally {
      busy = false;
    }
  }

  timer = window.setInterval(refresh, every);
})();
