// Kizuna: the hotline's live channel in the browser (ホットライン).
// - A banner (and a short sound) at the top of the page for each alert pushed to my organisation
//   over SignalR (/hubs/hotline, method "alert"); after a (re)connect, Since(last sequence) replays
//   what was missed. Alerts are deduplicated by sequence (delivery is at least once) and by id
//   (the server already rendered the unacknowledged ones).
// - The banner's acknowledge form is posted in the background (the alert page's own form, with the
//   page's anti-forgery token); without this script the same form posts normally.
// - On /hotline/{id} for the sender, "acknowledged" for that alert reloads the board in place.
// - On /crises/{id} for a board reader (#board[data-live-crisis]), the connection watches the crisis
//   (WatchCrisis, again after each reconnect) and "crisisUpdated" for it reloads the board in place.
// No UI text lives here: the server renders it (data-text-*, data-class-*, the banner template).
(() => {
  "use strict";

  const root = document.getElementById("hotline-live");
  const template = document.getElementById("hotline-banner-template");
  if (!root || !template || typeof signalR === "undefined") return;

  const storageKey = "kizuna.hotline.lastSequence." + (root.dataset.organization || "");
  const seen = new Set();
  let last = Math.max(storedSequence(), sequenceOf(root.dataset.lastSequence));

  function sequenceOf(value) {
    const n = Number(value);
    return value !== undefined && value !== null && value !== "" && Number.isSafeInteger(n) && n >= 0 ? n : -1;
  }

  function storedSequence() {
    try { return sequenceOf(sessionStorage.getItem(storageKey)); } catch { return -1; }
  }

  function remember(sequence) {
    if (!Number.isSafeInteger(sequence) || sequence <= last) return;
    last = sequence;
    try { sessionStorage.setItem(storageKey, String(sequence)); } catch { /* storage disabled: memory only */ }
  }

  function bannerFor(id) {
    return Array.from(root.querySelectorAll(".hotline-banner")).find(b => b.dataset.alertId === id) || null;
  }

  // ---- Banners -------------------------------------------------------------------------------

  function showAlert(alert) {
    if (!alert || typeof alert.id !== "string" || !Number.isSafeInteger(alert.sequence)) return;
    remember(alert.sequence);
    if (seen.has(alert.sequence) || bannerFor(alert.id)) return;
    seen.add(alert.sequence);

    const banner = template.content.firstElementChild.cloneNode(true);
    const severity = Number.isInteger(alert.severity) ? Math.min(4, Math.max(0, alert.severity)) : 0;
    const path = "/hotline/" + encodeURIComponent(alert.id);
    banner.dataset.alertId = alert.id;
    banner.dataset.sequence = String(alert.sequence);
    banner.classList.remove("sev-0");
    banner.classList.add("sev-" + severity, "live");
    const tlp = String(alert.tlp || "");
    const tlpField = field(banner, "tlp");
    tlpField.textContent = tlp;
    tlpField.className = "tlp tlp-" + tlp.replace("TLP:", "").replace("+", "").toLowerCase();
    const code = String(alert.class || "");
    field(banner, "class").textContent = root.dataset["class" + code.charAt(0).toUpperCase() + code.slice(1)] || code;
    field(banner, "severity").textContent = String(alert.severity);
    field(banner, "sender").textContent = String(alert.senderCode || "");
    // An exercise alert shows the exercise prefix (the template carries its text in data-prefix).
    const exercise = field(banner, "exercise");
    if (exercise) exercise.textContent = alert.exercise ? String(exercise.dataset.prefix || "") : "";
    const title = field(banner, "title");
    title.textContent = String(alert.title || "");
    title.setAttribute("href", path);
    banner.querySelector("form.hb-ack").setAttribute("action", path);
    root.prepend(banner);
    beep(banner);
  }

  function field(banner, name) {
    return banner.querySelector('[data-field="' + name + '"]');
  }

  root.addEventListener("submit", event => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.classList.contains("hb-ack")) return;
    event.preventDefault();
    acknowledge(form);
  });

  async function acknowledge(form) {
    const banner = form.closest(".hotline-banner");
    const status = field(banner, "status");
    const button = form.querySelector("button");
    button.disabled = true;
    status.textContent = root.dataset.textSending || "";
    try {
      const posted = await fetch(form.action, { method: "POST", body: new URLSearchParams(new FormData(form)), credentials: "same-origin" });
      // The form answers with the alert's page; if it did not (a colleague was quicker, the page had expired), ask the page itself.
      let done = posted.ok && acknowledgedIn(await posted.text());
      if (!done) {
        const page = await fetch(form.action, { credentials: "same-origin" });
        done = page.ok && acknowledgedIn(await page.text());
      }
      if (!done) throw new Error("not acknowledged");
      form.remove();
      banner.classList.add("acknowledged");
      banner.dataset.acknowledged = "true";
      status.textContent = root.dataset.textAcknowledged || "";
    } catch {
      button.disabled = false;
      status.textContent = root.dataset.textFailed || "";
    }
  }

  function acknowledgedIn(html) {
    const doc = new DOMParser().parseFromString(html, "text/html");
    return doc.querySelector('#my-acknowledged[data-acknowledged="true"]') !== null;
  }

  // ---- Sound ---------------------------------------------------------------------------------
  // Browsers may refuse audio before the user has interacted with the page: the first gesture
  // unlocks it, and a refused beep leaves the banner as it is.

  let audio = null;

  function audioContext() {
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return null;
    if (!audio) audio = new Context();
    return audio;
  }

  for (const type of ["pointerdown", "keydown"]) {
    document.addEventListener(type, () => {
      try { audioContext()?.resume().catch(() => {}); } catch { /* no audio */ }
    }, { once: true, capture: true });
  }

  async function beep(banner) {
    try {
      const context = audioContext();
      if (!context) throw new Error("no audio");
      if (context.state !== "running") await context.resume();
      if (context.state !== "running") throw new Error("audio blocked");
      const start = context.currentTime + 0.05;
      [880, 660, 880].forEach((frequency, i) => {
        const at = start + i * 0.25;
        const tone = context.createOscillator();
        const volume = context.createGain();
        tone.type = "sine";
        tone.frequency.value = frequency;
        volume.gain.setValueAtTime(0.0001, at);
        volume.gain.exponentialRampToValueAtTime(0.2, at + 0.02);
        volume.gain.exponentialRampToValueAtTime(0.0001, at + 0.2);
        tone.connect(volume).connect(context.destination);
        tone.start(at);
        tone.stop(at + 0.22);
      });
      banner.dataset.sound = "played";
    } catch {
      banner.dataset.sound = "blocked";
    }
  }

  // ---- The sender's board --------------------------------------------------------------------

  let boardBusy = false;
  let boardAgain = false;

  function liveBoard() {
    const board = document.getElementById("board");
    return board && (board.dataset.liveBoard || board.dataset.liveCrisis) ? board : null;
  }

  function markBoardLive() {
    const note = document.getElementById("board-live");
    if (note) note.hidden = false;
  }

  async function refreshBoard() {
    if (!liveBoard()) return;
    if (boardBusy) { boardAgain = true; return; }
    boardBusy = true;
    try {
      do {
        boardAgain = false;
        const url = new URL(window.location.href);
        url.searchParams.delete("done");
        const answer = await fetch(url, { credentials: "same-origin" });
        if (!answer.ok) break;
        const fresh = new DOMParser().parseFromString(await answer.text(), "text/html").getElementById("board");
        const board = liveBoard();
        if (!fresh || !board) break;
        board.replaceWith(document.adoptNode(fresh));
        markBoardLive();
        document.getElementById("board").dataset.refreshed = String(Date.now());
      } while (boardAgain);
    } catch {
      /* the next acknowledgement (or a reload) brings the board up to date */
    } finally {
      boardBusy = false;
    }
  }

  function acknowledged(event) {
    const board = liveBoard();
    if (board && event && event.alertId === board.dataset.liveBoard) refreshBoard();
  }

  // ---- The crisis board ----------------------------------------------------------------------

  function watchedCrisis() {
    const board = liveBoard();
    return board && board.dataset.liveCrisis ? board.dataset.liveCrisis : null;
  }

  async function watchCrisis() {
    const id = watchedCrisis();
    if (!id) return;
    try {
      await connection.invoke("WatchCrisis", id);
      markBoardLive();
    } catch {
      /* not a board reader, or the connection dropped: the reconnect (or the meta refresh fallback of a reload) tries again */
    }
  }

  function crisisUpdated(event) {
    const id = watchedCrisis();
    if (id && event && String(event.crisisId).toLowerCase() === id.toLowerCase()) refreshBoard();
  }

  // ---- The connection ------------------------------------------------------------------------

  const connection = new signalR.HubConnectionBuilder()
    .withUrl(root.dataset.hub || "/hubs/hotline")
    // Keep trying for as long as the page is open: 0, 1, 2, 4 … seconds, then every 30 s.
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: context => Math.min(30000, context.previousRetryCount === 0 ? 0 : 1000 * 2 ** (context.previousRetryCount - 1)) })
    .configureLogging(signalR.LogLevel.Warning)
    .build();

  connection.on("alert", showAlert);
  connection.on("acknowledged", acknowledged);
  connection.on("crisisUpdated", crisisUpdated);
  connection.onreconnecting(() => { root.dataset.live = "reconnecting"; });
  connection.onreconnected(async () => {
    root.dataset.live = "connected";
    await catchUp();
    await watchCrisis();
    refreshBoard();
  });
  connection.onclose(() => {
    root.dataset.live = "closed";
    window.setTimeout(start, 5000);
  });

  async function catchUp() {
    try {
      if (last < 0) {
        const now = await connection.invoke("Since", null);
        remember(now.lastSequence);
        return;
      }
      // The hub answers at most a page of alerts at a time; a long absence takes a few calls.
      for (let page = 0; page < 20; page++) {
        const replay = await connection.invoke("Since", last);
        replay.alerts.forEach(showAlert);
        remember(replay.lastSequence);
        if (replay.alerts.length === 0) break;
      }
    } catch {
      /* the connection dropped meanwhile: the reconnect catches up again */
    }
  }

  async function start() {
    try {
      await connection.start();
      root.dataset.live = "connected";
      await catchUp();
      if (watchedCrisis()) await watchCrisis();
      else if (liveBoard()) markBoardLive();
    } catch {
      root.dataset.live = "closed";
      window.setTimeout(start, 5000);
    }
  }

  start();
})();
