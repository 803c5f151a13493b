// The adviser console: log in, watch the queue live, take over one conversation at a time.
// Talks to the JSON API described in web/openapi.py. Everything the server sends (summaries,
// transcripts, notes, names) is put on the page as text, never as markup, and never logged.
(function () {
  "use strict";

  // knowledge/handoffs.py MAX_TEXT_LENGTH: the server refuses longer replies and notes.
  var MAX_TEXT_LENGTH = 4000;
  // Seconds between reconnection attempts; the last one repeats.
  var RECONNECT_DELAYS = [1, 2, 5, 10, 30];
  var STATUSES = ["waiting", "claimed", "resolved", "cancelled"];

  var config = readConfig();
  var texts = config.texts || {};
  var language = config.language || document.documentElement.lang || "en";

  var state = {
    csrf: null, // memory only: a reloaded page asks GET /api/session again
    adviser: null,
    outcomes: [],
    filter: "open",
    rows: {}, // handoff id -> the summary shown in the queue
    rowElements: {}, // handoff id -> its <tr>
    open: null, // the detail of the conversation on screen
    seen: {}, // message ids already shown in the open conversation
    clockOffset: 0, // server clock minus ours, in ms
    socket: null,
    wantLive: false,
    attempt: 0,
    reconnectTimer: null,
    ticker: null,
  };

  // ---- small helpers ----

  function readConfig() {
    try {
      return JSON.parse(document.getElementById("console-config").textContent);
    } catch (error) {
      return {};
    }
  }

  function byId(id) {
    return document.getElementById(id);
  }

  // A console text with its {placeholders} filled; the key itself if the text is missing, so a
  // gap in locales/console/ shows up instead of hiding.
  function t(key, values) {
    var text = Object.prototype.hasOwnProperty.call(texts, key) ? texts[key] : key;
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return values && name in values ? String(values[name]) : whole;
    });
  }

  // Builds an element; children are nodes or strings (strings become text nodes).
  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      var value = attributes[name];
      if (value === null || value === undefined || value === false) return;
      if (name === "text") node.textContent = value;
      else if (name === "className") node.className = value;
      else node.setAttribute(name, value === true ? "" : value);
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function show(node, visible) {
    node.hidden = !visible;
  }

  function applyTexts(root) {
    root.querySelectorAll("[data-text]").forEach(function (node) {
      node.textContent = t(node.getAttribute("data-text"));
    });
    root.querySelectorAll("[data-label]").forEach(function (node) {
      node.setAttribute("aria-label", t(node.getAttribute("data-label")));
    });
  }

  // Screen readers announce what is written into the polite region; messages arriving
  // together are read as one, and emptying the region first makes a repeat be read again.
  var pendingAnnouncements = [];
  function announce(message) {
    pendingAnnouncements.push(message);
    if (pendingAnnouncements.length > 1) return;
    var region = byId("announcer");
    region.textContent = "";
    window.setTimeout(function () {
      region.textContent = pendingAnnouncements.join(" ");
      pendingAnnouncements = [];
    }, 100);
  }

  function showError(id, message) {
    var box = byId(id);
    box.textContent = message || "";
    show(box, Boolean(message));
  }

  function languageName(code) {
    return texts["language_" + code] || String(code || "").toUpperCase();
  }

  function outcomeName(outcome) {
    return texts["outcome_" + outcome] || outcome;
  }

  function statusName(status) {
    return texts["status_" + status] || status;
  }

  // Python's isoformat() writes microseconds; not every browser parses more than milliseconds.
  function parseTime(iso) {
    return iso ? Date.parse(String(iso).replace(/(\.\d{3})\d+/, "$1")) : NaN;
  }

  function formatTime(iso) {
    var moment = new Date(parseTime(iso));
    if (isNaN(moment.getTime())) return "";
    var sameDay = moment.toDateString() === new Date().toDateString();
    var options = sameDay
      ? { hour: "2-digit", minute: "2-digit" }
      : { day: "numeric", month: "numeric", hour: "2-digit", minute: "2-digit" };
    options.hourCycle = "h23"; // a 24-hour clock, as in Finland, whatever the language
    return new Intl.DateTimeFormat(language, options).format(moment);
  }

  function timeElement(iso) {
    return el("time", { datetime: iso, text: formatTime(iso) });
  }

  // ---- talking to the server ----

  function ApiError(status, body) {
    this.status = status;
    this.detail = body && typeof body.error === "string" ? body.error : "";
  }

  async function api(method, path, body) {
    var options = {
      method: method,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    };
    if (method === "POST") {
      options.headers["Content-Type"] = "application/json";
      if (state.csrf) options.headers["X-CSRF-Token"] = state.csrf;
      options.body = JSON.stringify(body || {});
    }
    var response;
    try {
      response = await fetch(path, options);
    } catch (error) {
      throw new ApiError(0, null);
    }
    var data = null;
    try {
      data = await response.json();
    } catch (error) {
      data = null; // an error page from a proxy, say
    }
    if (!response.ok) throw new ApiError(response.status, data);
    return data || {};
  }

  function handoffPath(id, action) {
    return "/api/handoffs/" + encodeURIComponent(id) + (action ? "/" + action : "");
  }

  // The text for a failed request; a 401 anywhere means the session is over.
  function errorText(error) {
    if (!(error instanceof ApiError)) return t("error_generic");
    if (error.status === 401) {
      sessionEnded();
      return "";
    }
    if (error.status === 0) return t("error_network");
    if (error.status === 403) return t("error_forbidden");
    if (error.status === 404) return t("error_not_found");
    if (error.status === 409) return t("error_conflict");
    if (error.status === 413) return t("text_too_long", { max: MAX_TEXT_LENGTH });
    return t("error_generic");
  }

  // Runs a request while its button is disabled, so a double click sends it once.
  async function busy(button, work) {
    if (button) button.disabled = true;
    try {
      return await work();
    } finally {
      if (button) button.disabled = false;
    }
  }

  // ---- login and session ----

  async function start() {
    applyTexts(document);
    try {
      enterConsole(await api("GET", "/api/session"), false);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) showLogin("");
      else showLogin(errorText(error));
    } finally {
      show(byId("loading"), false);
    }
  }

  function showLogin(notice) {
    show(byId("workspace"), false);
    show(byId("console-nav"), false);
    show(byId("login-section"), true);
    var box = byId("login-notice");
    box.textContent = notice || "";
    show(box, Boolean(notice));
    byId("login-username").focus();
  }

  async function submitLogin(event) {
    event.preventDefault();
    var form = event.target;
    showError("login-error", "");
    var body = { username: form.elements.username.value, password: form.elements.password.value };
    try {
      var session = await busy(form.querySelector("button[type=submit]"), function () {
        return api("POST", "/api/login", body);
      });
      form.elements.password.value = "";
      enterConsole(session, true);
    } catch (error) {
      var status = error instanceof ApiError ? error.status : -1;
      var key = "error_generic";
      if (status === 423) key = "login_locked";
      else if (status === 401 || status === 400 || status === 422) key = "login_wrong";
      else if (status === 0) key = "error_network";
      showError("login-error", t(key));
      form.elements.password.value = "";
      form.elements.password.focus();
    }
  }

  function enterConsole(session, afterLogin) {
    state.csrf = session.csrf_token;
    state.adviser = session.adviser || {};
    state.outcomes = session.outcomes || [];
    byId("signed-in-as").textContent = t("signed_in_as", {
      username: state.adviser.username || "",
      organisation: state.adviser.organisation || "",
    });
    fillOutcomes();
    show(byId("login-section"), false);
    show(byId("login-notice"), false);
    show(byId("console-nav"), true);
    show(byId("workspace"), true);
    if (afterLogin) byId("queue-heading").focus();
    loadQueue();
    connectLive();
    if (!state.ticker) state.ticker = window.setInterval(tick, 1000);
  }

  async function logOut() {
    try {
      await api("POST", "/api/logout");
    } catch (error) {
      // Logged out already, or the server is away: either way the page forgets the session.
    }
    sessionEnded("");
  }

  // Clears everything the adviser saw, so no personal data stays on screen after the session.
  function sessionEnded(notice) {
    stopLive();
    state.csrf = null;
    state.adviser = null;
    clearQueue();
    closeConversation();
    showError("page-error", "");
    showLogin(notice === undefined ? t("session_expired") : notice);
  }

  function fillOutcomes() {
    var select = byId("outcome");
    select.textContent = "";
    select.appendChild(el("option", { value: "", text: t("outcome_choose") }));
    state.outcomes.forEach(function (outcome) {
      select.appendChild(el("option", { value: outcome, text: outcomeName(outcome) }));
    });
  }

  // ---- waiting times ----

  // The server says how long an open handoff has waited; comparing that with its created_at
  // tells how far our clock is off, so times stay right on a machine with a wrong clock.
  function noteClock(handoff) {
    var seconds = handoff.waiting_seconds;
    if (handoff.claimed_at || handoff.closed_at || typeof seconds !== "number") return;
    var created = parseTime(handoff.created_at);
    if (!isNaN(created)) state.clockOffset = created + seconds * 1000 + 500 - Date.now();
  }

  function waitingSeconds(handoff) {
    var start = parseTime(handoff.created_at);
    var end = handoff.claimed_at || handoff.closed_at;
    var until = end ? parseTime(end) : Date.now() + state.clockOffset;
    if (isNaN(start) || isNaN(until)) return handoff.waiting_seconds || 0;
    return Math.max(0, Math.floor((until - start) / 1000));
  }

  function two(number) {
    return (number < 10 ? "0" : "") + number;
  }

  // mm:ss under an hour, "h min" from then on.
  function formatWait(seconds) {
    if (seconds < 3600) return two(Math.floor(seconds / 60)) + ":" + two(seconds % 60);
    var minutes = Math.floor((seconds % 3600) / 60);
    return t("duration_hours", { hours: Math.floor(seconds / 3600), minutes: minutes });
  }

  function tick() {
    Object.keys(state.rowElements).forEach(function (id) {
      var cell = state.rowElements[id].querySelector(".wait");
      var text = formatWait(waitingSeconds(state.rows[id]));
      if (cell.textContent !== text) cell.textContent = text;
    });
    var detail = byId("detail-wait");
    if (detail && state.open) detail.textContent = formatWait(waitingSeconds(state.open));
  }

  // ---- the queue ----

  function matchesFilter(status) {
    if (state.filter === "open") return status === "waiting" || status === "claimed";
    return status === state.filter;
  }

  function clearQueue() {
    state.rows = {};
    state.rowElements = {};
    byId("queue").tBodies[0].textContent = "";
    updateQueueCount();
  }

  async function loadQueue() {
    var wanted = state.filter;
    try {
      var data = await api("GET", "/api/handoffs?status=" + encodeURIComponent(wanted));
      if (wanted !== state.filter) return; // the filter changed while this was on its way
      clearQueue();
      (data.handoffs || []).forEach(function (handoff) {
        noteClock(handoff);
        upsertRow(handoff);
      });
      showError("page-error", "");
    } catch (error) {
      showError("page-error", errorText(error));
    }
  }

  function updateQueueCount() {
    var count = Object.keys(state.rows).length;
    byId("queue-count").textContent = t("queue_count", { count: count });
    show(byId("queue-empty"), count === 0);
  }

  function isMine(handoff) {
    var me = state.adviser && state.adviser.username;
    return Boolean(me && handoff.claimed_by === me);
  }

  // The knowledge base's name for the topic in the console's language; the key if it has none.
  function topicName(handoff) {
    var names = handoff.topic_names;
    return (names && names[config.language]) || handoff.topic;
  }

  function claimedByText(handoff) {
    if (!handoff.claimed_by) return "";
    return isMine(handoff) ? handoff.claimed_by + " (" + t("you") + ")" : handoff.claimed_by;
  }

  // The reason as text; an emergency is bold, marked with a sign and framed, not only red.
  function reasonNode(reason) {
    if (reason !== "emergency") return document.createTextNode(texts["reason_" + reason] || reason);
    return el("strong", { className: "reason-emergency" }, [
      el("span", { className: "reason-icon", "aria-hidden": "true", text: "⚠" }),
      " " + t("reason_emergency"),
    ]);
  }

  function optionalText(value) {
    if (value) return document.createTextNode(value);
    return el("span", { className: "muted", text: t("not_given") });
  }

  function actionButton(action, label, id) {
    // The summary cell describes the button, so "Claim" says which conversation it takes.
    return el("button", {
      type: "button",
      className: action === "claim" ? "button" : "button button-secondary",
      "data-action": action,
      "aria-describedby": "summary-" + id,
      text: label,
    });
  }

  function renderRow(handoff) {
    var id = handoff.id;
    var actions = handoff.status === "waiting"
      ? [actionButton("claim", t("claim"), id), actionButton("view", t("view"), id)]
      : [actionButton("open", t("open"), id)];
    var row = el("tr", {
      "data-handoff-id": id,
      "data-status": handoff.status,
      className: handoff.reason === "emergency" ? "row-emergency" : "",
    }, [
      el("td", { className: "wait", text: formatWait(waitingSeconds(handoff)) }),
      el("td", { text: languageName(handoff.language) }),
      el("td", {}, [reasonNode(handoff.reason)]),
      el("td", { dir: "auto" }, [optionalText(topicName(handoff))]),
      el("td", { dir: "auto" }, [optionalText(handoff.municipality)]),
      el("td", { id: "summary-" + id, className: "summary", dir: "auto", text: handoff.summary }),
      el("td", { text: statusName(handoff.status) }),
      el("td", { dir: "auto", text: claimedByText(handoff) }),
      el("td", { className: "row-actions" }, actions),
    ]);
    if (state.open && state.open.id === id) {
      row.classList.add("is-open");
      row.setAttribute("aria-current", "true");
    }
    return row;
  }

  // Puts the handoff in the queue at its place (oldest first), replaces its row, or removes it
  // when it no longer matches the filter. Returns what happened, for the announcements.
  function upsertRow(handoff) {
    var id = handoff.id;
    var existing = state.rowElements[id];
    if (!matchesFilter(handoff.status)) {
      if (!existing) return "absent";
      var hadFocus = existing.contains(document.activeElement);
      existing.parentNode.removeChild(existing);
      delete state.rowElements[id];
      delete state.rows[id];
      updateQueueCount();
      if (hadFocus) byId("queue-heading").focus();
      return "removed";
    }
    var before = state.rows[id];
    state.rows[id] = handoff;
    // Every new message also brings its handoff again: leave an unchanged row alone, so a
    // screen reader's place in the table is not lost.
    if (existing && rowKey(before) === rowKey(handoff)) return "unchanged";
    var row = renderRow(handoff);
    state.rowElements[id] = row;
    if (existing) {
      var focused = existing.contains(document.activeElement) ? document.activeElement : null;
      existing.parentNode.replaceChild(row, existing);
      if (focused) focusSameAction(row, focused);
      return "updated";
    }
    insertInOrder(row, handoff);
    updateQueueCount();
    return "added";
  }

  // What a row shows, apart from the waiting time the ticker keeps up to date.
  function rowKey(handoff) {
    var shown = ["status", "language", "reason", "topic", "municipality", "summary", "claimed_by",
      "claimed_at", "closed_at"];
    return JSON.stringify(shown.map(function (name) { return handoff[name]; }));
  }

  // The row's buttons were replaced: keep the keyboard on the same action, or the first one.
  function focusSameAction(row, old) {
    var action = old.getAttribute && old.getAttribute("data-action");
    var same = action && row.querySelector('button[data-action="' + action + '"]');
    var target = same || row.querySelector("button");
    if (target) target.focus();
    else byId("queue-heading").focus();
  }

  function insertInOrder(row, handoff) {
    var body = byId("queue").tBodies[0];
    var created = parseTime(handoff.created_at);
    var next = null;
    Array.prototype.some.call(body.rows, function (other) {
      var otherCreated = parseTime(state.rows[other.getAttribute("data-handoff-id")].created_at);
      if (otherCreated > created) {
        next = other;
        return true;
      }
      return false;
    });
    body.insertBefore(row, next);
  }

  function markOpenRow() {
    Object.keys(state.rowElements).forEach(function (id) {
      var row = state.rowElements[id];
      var isOpen = Boolean(state.open && state.open.id === id);
      row.classList.toggle("is-open", isOpen);
      if (isOpen) row.setAttribute("aria-current", "true");
      else row.removeAttribute("aria-current");
    });
  }

  function onQueueClick(event) {
    var button = event.target.closest("button[data-action]");
    if (!button) return;
    var id = button.closest("tr").getAttribute("data-handoff-id");
    if (button.getAttribute("data-action") === "claim") claim(id, button);
    else openConversation(id, true);
  }

  // ---- one conversation ----

  async function openConversation(id, moveFocus) {
    try {
      var detail = await api("GET", handoffPath(id));
      showConversation(detail);
      if (moveFocus) byId("conversation-heading").focus();
    } catch (error) {
      showError("page-error", errorText(error));
    }
  }

  async function claim(id, button) {
    try {
      var detail = await busy(button, function () {
        return api("POST", handoffPath(id, "claim"));
      });
      upsertRow(detail);
      showConversation(detail);
      byId("conversation-heading").focus();
      announce(t("announce_claimed"));
    } catch (error) {
      var message = errorText(error);
      if (state.open && state.open.id === id) showError("conversation-error", message);
      else showError("page-error", message);
      if (error.status === 409) refreshAll();
    }
  }

  function closeConversation() {
    state.open = null;
    state.seen = {};
    var section = byId("conversation");
    section.setAttribute("data-handoff-id", "");
    byId("conversation-heading").textContent = t("conversation_heading");
    var lists = ["transcript", "notes", "audit", "details", "collected", "canned-replies",
      "claim-slot"];
    lists.forEach(function (id) {
      byId(id).textContent = "";
    });
    byId("reply-text").value = "";
    byId("note-text").value = "";
    show(byId("conversation-body"), false);
    show(byId("back-to-queue"), false);
    show(byId("conversation-placeholder"), true);
    showError("conversation-error", "");
    markOpenRow();
  }

  function showConversation(detail) {
    var sameConversation = Boolean(state.open && state.open.id === detail.id);
    if (!sameConversation) closeConversation(); // also drops drafts meant for another user
    state.open = detail;
    state.seen = {};
    byId("conversation").setAttribute("data-handoff-id", detail.id);
    show(byId("conversation-placeholder"), false);
    show(byId("conversation-body"), true);
    show(byId("back-to-queue"), true);
    showError("conversation-error", "");
    ["transcript", "notes", "audit"].forEach(function (id) {
      byId(id).textContent = "";
    });
    (detail.transcript || []).concat(detail.notes || []).forEach(function (message) {
      addMessage(message, false);
    });
    renderCollected(detail.collected || {});
    renderAudit(detail.audit || []);
    renderCanned(detail.canned_replies || [], detail.language);
    renderConversationState();
    updateEmptyLists();
    markOpenRow();
  }

  function holdsOpen() {
    return Boolean(state.open && state.open.status === "claimed" && isMine(state.open));
  }

  // Everything that follows from the handoff's summary: heading, facts, which forms show.
  function renderConversationState() {
    var handoff = state.open;
    byId("conversation-heading").textContent = handoff.topic
      ? t("conversation_heading_topic", { topic: topicName(handoff) })
      : t("conversation_heading");
    renderStateLine(handoff);
    renderDetails(handoff);
    renderPrivacyNotice(handoff);
    renderClaimButton(handoff.status === "waiting");
    var holding = holdsOpen();
    var isAdmin = Boolean(state.adviser && state.adviser.is_admin);
    var mayClose = handoff.status === "claimed" && (holding || isAdmin);
    var section = byId("close-section");
    // Forms that disappear must not take the keyboard with them.
    var lostFocus = (!holding && byId("reply-section").contains(document.activeElement)) ||
      (!mayClose && section.contains(document.activeElement));
    show(byId("reply-section"), holding);
    show(section, mayClose);
    if (!holding) show(byId("reply-info"), false);
    if (lostFocus) byId("conversation-heading").focus();
  }

  function renderStateLine(handoff) {
    var line = byId("conversation-state");
    line.textContent = "";
    var badge = el("span", { className: "status-badge", text: statusName(handoff.status) });
    line.appendChild(badge);
    line.appendChild(document.createTextNode(" "));
    line.appendChild(reasonNode(handoff.reason));
    var note = "";
    if (handoff.status === "claimed" && !isMine(handoff)) {
      note = t("claimed_by_other", { name: handoff.claimed_by || "" });
    } else if (handoff.status === "resolved" || handoff.status === "cancelled") {
      note = t("conversation_closed");
    }
    if (note) line.appendChild(el("span", { className: "state-note", text: " " + note }));
  }

  function addFact(list, label, value, attributes) {
    list.appendChild(el("dt", { text: label }));
    var dd = el("dd", attributes || {});
    dd.appendChild(typeof value === "string" ? document.createTextNode(value) : value);
    list.appendChild(dd);
  }

  function renderDetails(handoff) {
    var list = byId("details");
    list.textContent = "";
    addFact(list, t("detail_status"), statusName(handoff.status));
    addFact(list, t("detail_reason"), reasonNode(handoff.reason));
    addFact(list, t("detail_language"), languageName(handoff.language));
    addFact(list, t("detail_topic"), optionalText(topicName(handoff)), { dir: "auto" });
    addFact(list, t("detail_municipality"), optionalText(handoff.municipality), { dir: "auto" });
    var wait = formatWait(waitingSeconds(handoff));
    addFact(list, t("detail_waiting_time"), wait, { id: "detail-wait" });
    if (handoff.claimed_by) {
      addFact(list, t("detail_claimed_by"), claimedByText(handoff), { dir: "auto" });
    }
    if (handoff.outcome) addFact(list, t("detail_outcome"), outcomeName(handoff.outcome));
  }

  function formatValue(value) {
    if (value === null || value === undefined || value === "") return t("not_given");
    if (value === true) return t("value_yes");
    if (value === false) return t("value_no");
    if (Array.isArray(value)) return value.map(formatValue).join(", ");
    if (typeof value === "object") return JSON.stringify(value);
    return String(value);
  }

  function renderCollected(collected) {
    var list = byId("collected");
    list.textContent = "";
    var names = Object.keys(collected);
    names.forEach(function (name) {
      addFact(list, name, formatValue(collected[name]), { dir: "auto" });
    });
    show(list, names.length > 0);
    show(byId("collected-empty"), names.length === 0);
  }

  function renderPrivacyNotice(handoff) {
    var notice = byId("personal-data-notice");
    var visible = handoff.personal_data_visible !== false;
    var key = handoff.status === "waiting" ? "personal_data_hidden" : "personal_data_other_adviser";
    notice.textContent = t(key);
    show(notice, !visible);
  }

  // Created only while the conversation waits, so the page has one claim button per purpose.
  function renderClaimButton(wanted) {
    var slot = byId("claim-slot");
    if (!wanted) {
      if (slot.contains(document.activeElement)) byId("conversation-heading").focus();
      slot.textContent = "";
    } else if (!slot.firstChild) {
      var attributes = { type: "button", className: "button", "data-action": "claim" };
      slot.appendChild(el("button", Object.assign(attributes, { text: t("claim") })));
    }
  }

  function authorLabel(message) {
    if (message.author === "note") return message.adviser || t("author_adviser");
    if (message.author === "adviser" && message.adviser) {
      return t("author_adviser_named", { name: message.adviser });
    }
    return texts["author_" + message.author] || message.author;
  }

  // Adds a message or note once (the POST answer and the live frame both bring it).
  function addMessage(message, live) {
    if (!message || state.seen[message.id]) return;
    state.seen[message.id] = true;
    var isNote = message.author === "note";
    var meta = el("p", { className: "message-meta" }, [
      el("span", { className: "message-author", dir: "auto", text: authorLabel(message) }),
      " ",
      timeElement(message.created_at),
    ]);
    var item = el("li", {
      className: isNote ? "note" : "message message-" + message.author,
      "data-author": isNote ? null : message.author,
    }, [meta, el("p", { className: "message-text", dir: "auto", text: message.text || "" })]);
    byId(isNote ? "notes" : "transcript").appendChild(item);
    updateEmptyLists();
    if (live && message.author === "user") announce(t("announce_user_message"));
  }

  function updateEmptyLists() {
    show(byId("transcript-empty"), !byId("transcript").firstChild);
    show(byId("notes-empty"), !byId("notes").firstChild);
    show(byId("audit-empty"), !byId("audit").firstChild);
  }

  function renderAudit(entries) {
    var list = byId("audit");
    list.textContent = "";
    entries.forEach(function (entry) {
      var who = el("span", { dir: "auto", text: entry.adviser || t("audit_system") });
      var what = texts["audit_" + entry.action] || entry.action;
      var parts = [timeElement(entry.at), " ", who, ": " + what];
      if (entry.detail) {
        parts.push(el("span", { className: "muted", text: " (" + entry.detail + ")" }));
      }
      list.appendChild(el("li", {}, parts));
    });
  }

  function renderCanned(replies, userLanguage) {
    var box = byId("canned-replies");
    box.textContent = "";
    replies.forEach(function (reply) {
      // The replies are in the user's language: lang lets a screen reader pronounce them.
      box.appendChild(el("button", {
        type: "button",
        className: "canned-reply",
        dir: "auto",
        lang: userLanguage,
        text: reply.text,
      }));
    });
  }

  function useCannedReply(event) {
    var button = event.target.closest("button");
    if (!button) return;
    var field = byId("reply-text");
    field.value = button.textContent; // for editing: sending stays the adviser's decision
    field.focus();
    field.setSelectionRange(field.value.length, field.value.length);
    announce(t("canned_copied"));
  }

  // A summary from a POST answer or a live frame: the queue row and the open conversation.
  function applySummary(summary) {
    noteClock(summary);
    var before = state.rows[summary.id];
    var change = upsertRow(summary);
    if (state.open && state.open.id === summary.id) {
      // personal_data_visible stays as the server last said: it tells whether the texts on
      // screen are masked, and a summary does not resend them.
      Object.keys(summary).forEach(function (key) {
        state.open[key] = summary[key];
      });
      renderConversationState();
    }
    return { change: change, before: before };
  }

  function validText(field, errorId) {
    var text = field.value;
    if (!text.trim()) {
      showError(errorId, t("text_empty"));
    } else if (text.length > MAX_TEXT_LENGTH) {
      showError(errorId, t("text_too_long", { max: MAX_TEXT_LENGTH }));
    } else {
      showError(errorId, "");
      return text;
    }
    field.focus();
    return null;
  }

  async function sendText(event, kind) {
    event.preventDefault();
    var form = event.target;
    var errorId = kind === "messages" ? "reply-error" : "note-error";
    var field = form.elements.text;
    var text = validText(field, errorId);
    var handoff = state.open;
    if (text === null || !handoff) return;
    try {
      var answer = await busy(form.querySelector("button[type=submit]"), function () {
        return api("POST", handoffPath(handoff.id, kind), { text: text });
      });
      if (!state.open || state.open.id !== handoff.id) return;
      field.value = "";
      if (kind === "messages") {
        addMessage(answer.message, false);
        var late = answer.delivered === false;
        byId("reply-info").textContent = t("reply_not_delivered");
        show(byId("reply-info"), late);
        announce(late ? t("reply_not_delivered") : t("announce_sent"));
      } else {
        addMessage(answer.note, false);
        announce(t("announce_note_added"));
      }
    } catch (error) {
      // A blank text never leaves the page, so a 422 is about the length.
      var tooLong = error.status === 422 || error.status === 413;
      showError(errorId, tooLong ? t("text_too_long", { max: MAX_TEXT_LENGTH }) : errorText(error));
      if (error.status === 409 || error.status === 403) refreshAll();
    }
  }

  // Resolve (with an outcome) or hand back to the bot (without one).
  async function closeHandoff(action, body, button) {
    var handoff = state.open;
    if (!handoff) return;
    try {
      var summary = await busy(button, function () {
        return api("POST", handoffPath(handoff.id, action), body);
      });
      showError("resolve-error", "");
      byId("outcome").value = "";
      applySummary(summary);
      byId("conversation-heading").focus();
      announce(t(action === "resolve" ? "announce_resolved" : "announce_released"));
    } catch (error) {
      showError("resolve-error", errorText(error));
      if (error.status === 409) refreshAll();
    }
  }

  function submitResolve(event) {
    event.preventDefault();
    var select = event.target.elements.outcome;
    if (!select.value) {
      showError("resolve-error", t("outcome_choose"));
      select.focus();
      return;
    }
    var button = event.target.querySelector("button[type=submit]");
    closeHandoff("resolve", { outcome: select.value }, button);
  }

  function onConversationClick(event) {
    var button = event.target.closest("button[data-action]");
    if (!button || !state.open) return;
    var action = button.getAttribute("data-action");
    if (action === "claim") claim(state.open.id, button);
    else if (action === "release") closeHandoff("release", {}, button);
  }

  function backToQueue() {
    var row = state.open && state.rowElements[state.open.id];
    var button = row && row.querySelector("button");
    (button || byId("queue-heading")).focus();
  }

  // Fetches the queue and the open conversation again, after a conflict or a lost connection.
  async function refreshAll() {
    await loadQueue();
    if (state.open) {
      try {
        showConversation(await api("GET", handoffPath(state.open.id)));
      } catch (error) {
        showError("conversation-error", errorText(error));
      }
    }
  }

  // ---- live updates ----

  function setLiveStatus(message) {
    byId("live-status").textContent = message || "";
  }

  function liveUrl() {
    return (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/api/live";
  }

  function connectLive() {
    state.wantLive = true;
    window.clearTimeout(state.reconnectTimer);
    if (state.attempt === 0) setLiveStatus(t("live_connecting"));
    var socket;
    try {
      socket = new WebSocket(liveUrl());
    } catch (error) {
      scheduleReconnect();
      return;
    }
    state.socket = socket;
    socket.onopen = function () {
      var reconnected = state.attempt > 0;
      state.attempt = 0;
      if (!reconnected) {
        setLiveStatus(t("live_connected"));
        return;
      }
      // Frames sent while we were away are lost: fetch the state again.
      refreshAll().then(function () {
        setLiveStatus(t("live_reconnected"));
      });
    };
    socket.onmessage = function (event) {
      handleFrame(event.data);
    };
    socket.onclose = function () {
      if (state.socket !== socket) return;
      state.socket = null;
      if (state.wantLive) scheduleReconnect();
    };
  }

  function scheduleReconnect() {
    var delay = RECONNECT_DELAYS[Math.min(state.attempt, RECONNECT_DELAYS.length - 1)];
    state.attempt += 1;
    setLiveStatus(t("live_reconnecting", { seconds: delay }));
    state.reconnectTimer = window.setTimeout(reconnect, delay * 1000);
  }

  // A WebSocket refused for an expired session looks like any dropped connection, so ask the
  // session first: a 401 ends the session instead of retrying for ever.
  async function reconnect() {
    if (!state.wantLive) return;
    try {
      var session = await api("GET", "/api/session");
      state.csrf = session.csrf_token || state.csrf;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        sessionEnded();
        return;
      }
      scheduleReconnect();
      return;
    }
    connectLive();
  }

  function stopLive() {
    state.wantLive = false;
    state.attempt = 0;
    window.clearTimeout(state.reconnectTimer);
    if (state.socket) {
      var socket = state.socket;
      state.socket = null;
      socket.onclose = null;
      socket.close(1000);
    }
    setLiveStatus("");
  }

  function handleFrame(data) {
    var frame;
    try {
      frame = JSON.parse(data);
    } catch (error) {
      return; // not ours to show; its content is not logged either
    }
    if (frame && frame.type === "handoff" && frame.handoff) onHandoffFrame(frame.handoff);
    else if (frame && frame.type === "message" && frame.message) onMessageFrame(frame);
  }

  function onHandoffFrame(handoff) {
    var result = applySummary(handoff);
    if (result.change === "added" && handoff.status === "waiting") {
      var name = languageName(handoff.language);
      announce(handoff.reason === "emergency"
        ? t("announce_new_emergency", { language: name })
        : t("announce_new_handoff", { language: name }));
    } else if (result.before && result.before.status !== handoff.status && !isMine(handoff)) {
      // Changes the adviser made here were announced where they were made.
      announce(t("announce_handoff_changed", { status: statusName(handoff.status) }));
    }
  }

  function onMessageFrame(frame) {
    if (state.open && frame.handoff_id === state.open.id) addMessage(frame.message, true);
  }

  // ---- wiring ----

  function onFilterChange(event) {
    state.filter = STATUSES.indexOf(event.target.value) >= 0 ? event.target.value : "open";
    loadQueue();
  }

  function wire() {
    byId("login-form").addEventListener("submit", submitLogin);
    byId("logout").addEventListener("click", logOut);
    byId("status-filter").addEventListener("change", onFilterChange);
    byId("queue").addEventListener("click", onQueueClick);
    byId("conversation").addEventListener("click", onConversationClick);
    byId("canned-replies").addEventListener("click", useCannedReply);
    byId("back-to-queue").addEventListener("click", backToQueue);
    byId("reply-form").addEventListener("submit", function (event) {
      sendText(event, "messages");
    });
    byId("note-form").addEventListener("submit", function (event) {
      sendText(event, "notes");
    });
    byId("resolve-form").addEventListener("submit", submitResolve);
    start();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wire);
  else wire();
})();
