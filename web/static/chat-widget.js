// The Opas chat widget. A website adds it with one element and one script tag:
//
//   <div data-opas-chat data-language="fi" data-municipality="Vantaa"></div>
//   <script src="https://opas.example.fi/static/chat-widget.js" defer></script>
//
// It draws itself in a shadow root (the host page's styles cannot break it, ours cannot leak),
// talks to Rasa's socket.io channel, and keeps the conversation in sessionStorage so that it
// survives a reload and moving between the site's pages, and ends when the tab is closed.
// Everything it shows from the server is drawn as text: no message is ever parsed as HTML.
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || !script.src) {
    return;
  }
  var ORIGIN = new URL(script.src, window.location.href).origin;
  var STORE_KEY = "opas-chat:v1";
  var MAX_STORED_MESSAGES = 200;
  var MAX_MESSAGE_CHARS = 5000;
  var TYPING_TIMEOUT_MS = 30000;
  var RETRY_AFTER_SERVER_DISCONNECT_MS = 3000;
  var GREETING = "/greet";
  // A web address runs to the next space or quote; closing punctuation is not part of it.
  var URL_PATTERN = /https?:\/\/[^\s<>"']+/g;
  var TRAILING_PUNCTUATION = /[.,;:!?)\]]+$/;

  // ---- storage: per tab, and in memory where the browser refuses it (private modes) ------

  var memory = {};
  function readState() {
    try {
      var raw = window.sessionStorage.getItem(STORE_KEY);
      return raw ? JSON.parse(raw) : null;
    } catch (error) {
      return memory[STORE_KEY] || null;
    }
  }
  function writeState(state) {
    state.messages = state.messages.slice(-MAX_STORED_MESSAGES);
    try {
      window.sessionStorage.setItem(STORE_KEY, JSON.stringify(state));
    } catch (error) {
      memory[STORE_KEY] = state;
    }
  }
  function cleanChoices(choices) {
    return (Array.isArray(choices) ? choices : []).filter(function (choice) {
      return choice && typeof choice.title === "string" && typeof choice.payload === "string";
    });
  }

  // The stored conversation as this version draws it, or null. The host page shares the
  // storage, and a tab may hold what an older version wrote: anything odd is dropped, not drawn.
  function usableState(stored, options) {
    if (!stored || typeof stored !== "object" || !Array.isArray(stored.messages) ||
        stored.language !== options.language || stored.municipality !== options.municipality) {
      return null;
    }
    var messages = stored.messages.filter(function (message) {
      return message && (message.from === "user" || message.from === "bot") &&
        typeof message.text === "string";
    }).map(function (message) {
      return {
        from: message.from,
        text: message.text,
        payload: typeof message.payload === "string" ? message.payload : message.text,
        pending: message.from === "user" && message.pending === true,
        choices: cleanChoices(message.choices),
        chosen: message.chosen === true,
      };
    });
    return {
      sessionId: typeof stored.sessionId === "string" && stored.sessionId ? stored.sessionId : null,
      language: options.language,
      municipality: options.municipality,
      greeted: stored.greeted === true,
      messages: messages,
    };
  }

  function freshState(options) {
    return {
      sessionId: null,
      language: options.language,
      municipality: options.municipality,
      greeted: false,
      messages: [],
    };
  }

  // ---- small DOM helpers ---------------------------------------------------------------------

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  // One paragraph of a message: text nodes, with http(s) addresses as links to a new tab.
  function paragraph(text, texts) {
    var p = element("p", "opas-paragraph");
    var last = 0;
    text.replace(URL_PATTERN, function (match, offset) {
      var address = match.replace(TRAILING_PUNCTUATION, "");
      p.appendChild(document.createTextNode(text.slice(last, offset)));
      var link = element("a", "opas-link", address);
      link.href = address;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      link.appendChild(element("span", "opas-visually-hidden", " " + texts.newTab));
      p.appendChild(link);
      last = offset + address.length;
      return match;
    });
    p.appendChild(document.createTextNode(text.slice(last)));
    return p;
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = src;
      tag.onload = resolve;
      tag.onerror = reject;
      document.head.appendChild(tag);
    });
  }

  var socketLibrary = null;
  function socketIo() {
    if (window.io) {
      return Promise.resolve(window.io);
    }
    if (!socketLibrary) {
      socketLibrary = loadScript(ORIGIN + "/static/vendor/socket.io.min.js").then(function () {
        return window.io;
      });
    }
    return socketLibrary;
  }

  // ---- one widget ------------------------------------------------------------------------------

  function Widget(host, config) {
    this.host = host;
    this.config = config;
    this.texts = config.texts;
    this.options = {
      language: config.language,
      municipality: (host.getAttribute("data-municipality") || "").trim().slice(0, 100),
    };
    this.socket = null;
    this.confirmed = false;
    this.typingTimer = null;
    // Each drawn message's bubble, to take its "not sent yet" marker away once it is sent.
    this.bubbles = new WeakMap();
    // A conversation begun in another language, or on a site serving another municipality,
    // is not continued here.
    this.state = usableState(readState(), this.options) || freshState(this.options);
    // What was typed while Opas was unreachable is sent once it is back, even if the reader
    // reloaded or moved to another page of the site in between.
    this.queue = this.state.messages.filter(function (message) { return message.pending; });
    this.announcement = "";
    this.draw();
    this.redraw();
    this.connect();
  }

  Widget.prototype.draw = function () {
    var texts = this.texts;
    var root = this.host.shadowRoot || this.host.attachShadow({ mode: "open" });
    root.textContent = "";
    var style = element("link");
    style.rel = "stylesheet";
    style.href = ORIGIN + "/static/chat-widget.css";
    root.appendChild(style);

    var frame = element("section", "opas");
    frame.lang = this.config.language;
    frame.dir = this.config.dir;
    frame.setAttribute("aria-label", texts.title);

    var header = element("div", "opas-header");
    header.appendChild(element("h2", "opas-title", texts.title));
    this.newButton = element("button", "opas-new", texts.newConversation);
    this.newButton.type = "button";
    header.appendChild(this.newButton);
    frame.appendChild(header);

    this.log = element("div", "opas-log");
    this.log.setAttribute("role", "log");
    this.log.setAttribute("aria-live", "polite");
    this.log.setAttribute("aria-label", texts.log);
    this.log.tabIndex = 0; // a region that scrolls must be reachable by keyboard
    frame.appendChild(this.log);

    this.typing = element("p", "opas-typing", texts.typing);
    this.typing.hidden = true;
    frame.appendChild(this.typing);
    this.status = element("p", "opas-status", texts.connecting);
    this.status.setAttribute("role", "status");
    frame.appendChild(this.status);

    var form = element("form", "opas-form");
    var inputId = "opas-input";
    var label = element("label", "opas-visually-hidden", texts.input);
    label.htmlFor = inputId;
    this.input = element("textarea", "opas-input");
    this.input.id = inputId;
    this.input.rows = 2;
    // No dir="auto": an empty box keeps the conversation's direction (its placeholder reads
    // right to left in Arabic); CSS lets each typed line take the direction of its own text.
    this.input.maxLength = MAX_MESSAGE_CHARS;
    this.input.placeholder = texts.placeholder;
    var send = element("button", "opas-send", texts.send);
    send.type = "submit";
    form.appendChild(label);
    form.appendChild(this.input);
    form.appendChild(send);
    frame.appendChild(form);
    root.appendChild(frame);

    var self = this;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.submit();
    });
    this.input.addEventListener("keydown", function (event) {
      // Enter sends, Shift+Enter is a new line; never while an input method is composing
      // (Chinese and other scripts confirm a word with Enter).
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
        event.preventDefault();
        self.submit();
      }
    });
    this.newButton.addEventListener("click", function () {
      self.startOver();
    });
  };

  Widget.prototype.redraw = function () {
    this.log.textContent = "";
    var messages = this.state.messages;
    for (var i = 0; i < messages.length; i += 1) {
      this.show(messages[i], i === messages.length - 1);
    }
  };

  // Draws one message; only the newest bot message keeps its choices.
  Widget.prototype.show = function (message, newest) {
    var texts = this.texts;
    var bubble = element("div", "opas-message " + (message.from === "user" ? "opas-user" : "opas-bot"));
    bubble.appendChild(element("span", "opas-visually-hidden",
      (message.from === "user" ? texts.you : texts.bot) + " "));
    var parts = String(message.text || "").split(/\n{2,}/);
    for (var i = 0; i < parts.length; i += 1) {
      if (parts[i].trim()) {
        bubble.appendChild(paragraph(parts[i], texts));
      }
    }
    if (message.pending) {
      bubble.appendChild(element("span", "opas-pending", texts.notSent));
    }
    this.bubbles.set(message, bubble);
    this.log.appendChild(bubble);
    if (newest && message.choices && message.choices.length && !message.chosen) {
      this.log.appendChild(this.choiceGroup(message));
    }
    this.log.scrollTop = this.log.scrollHeight;
    return bubble;
  };

  Widget.prototype.choiceGroup = function (message) {
    var self = this;
    var group = element("div", "opas-choices");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", this.texts.choices);
    message.choices.forEach(function (choice) {
      var button = element("button", "opas-choice", choice.title);
      button.type = "button";
      button.addEventListener("click", function () {
        message.chosen = true;
        group.remove();
        self.say(choice.title, choice.payload);
        self.input.focus();
      });
      group.appendChild(button);
    });
    return group;
  };

  Widget.prototype.dropChoices = function () {
    var groups = this.log.querySelectorAll(".opas-choices");
    for (var i = 0; i < groups.length; i += 1) {
      groups[i].remove();
    }
    this.state.messages.forEach(function (message) {
      if (message.choices) {
        message.chosen = true;
      }
    });
  };

  Widget.prototype.submit = function () {
    var text = this.input.value.trim();
    if (!text) {
      return;
    }
    this.input.value = "";
    this.say(text, text);
    this.input.focus();
  };

  // Shows what the user said and sends `payload` (the text itself, or a choice's payload).
  Widget.prototype.say = function (shown, payload) {
    this.dropChoices();
    if (this.announcement) {
      // The reader has moved on from "a new conversation has started".
      if (this.status.textContent === this.announcement) {
        this.setStatus("");
      }
      this.announcement = "";
    }
    // The payload is stored too: a choice queued while offline sends its payload, not its title.
    var message = { from: "user", text: shown, payload: payload, pending: !this.confirmed };
    this.state.messages.push(message);
    writeState(this.state);
    this.show(message, true);
    if (this.confirmed) {
      this.emit(payload);
    } else {
      this.queue.push(message);
    }
  };

  Widget.prototype.emit = function (payload) {
    var customData = { language: this.options.language };
    if (this.options.municipality) {
      customData.municipality = this.options.municipality;
    }
    this.socket.emit("user_uttered", {
      message: payload,
      session_id: this.state.sessionId,
      customData: customData,
    });
    if (payload !== GREETING) {
      this.showTyping(true);
    }
  };

  Widget.prototype.flushQueue = function () {
    var waiting = this.queue;
    this.queue = [];
    for (var i = 0; i < waiting.length; i += 1) {
      var message = waiting[i];
      message.pending = false;
      var bubble = this.bubbles.get(message);
      var marker = bubble && bubble.querySelector(".opas-pending");
      if (marker) {
        marker.remove();
      }
      this.emit(message.payload || message.text);
    }
    writeState(this.state);
  };

  Widget.prototype.showTyping = function (on) {
    var self = this;
    clearTimeout(this.typingTimer);
    this.typing.hidden = !on;
    if (on) {
      this.typingTimer = setTimeout(function () { self.typing.hidden = true; }, TYPING_TIMEOUT_MS);
    }
  };

  // The status region stays in the page even when empty: screen readers announce changes only
  // in a live region they already know, so it is never hidden, only emptied.
  Widget.prototype.setStatus = function (text) {
    this.status.textContent = text || "";
  };

  Widget.prototype.receive = function (data) {
    if (!data || typeof data !== "object") {
      return;
    }
    var text = typeof data.text === "string" ? data.text : "";
    var choices = [];
    var offered = Array.isArray(data.quick_replies) ? data.quick_replies : data.buttons;
    if (Array.isArray(offered)) {
      offered.forEach(function (choice) {
        if (choice && typeof choice.title === "string" && choice.title) {
          var payload = typeof choice.payload === "string" && choice.payload ? choice.payload : choice.title;
          choices.push({ title: choice.title, payload: payload });
        }
      });
    }
    if (!text && !choices.length) {
      return; // images, cards and custom payloads: Opas sends none, and draws none
    }
    this.showTyping(false);
    this.dropChoices();
    var message = { from: "bot", text: text, choices: choices, chosen: false };
    this.state.messages.push(message);
    writeState(this.state);
    this.show(message, true);
  };

  Widget.prototype.connect = function () {
    var self = this;
    this.setStatus(this.texts.connecting);
    socketIo().then(function (io) {
      var socket = io(self.config.socketUrl, {
        path: self.config.socketPath,
        // The WebSocket needs no CORS on a site that embeds the chat; polling is the fallback
        // where a proxy blocks WebSockets (without tryAllTransports the client never tries it).
        transports: ["websocket", "polling"],
        tryAllTransports: true,
        reconnectionDelay: 1000,
        reconnectionDelayMax: 5000,
      });
      self.socket = socket;
      socket.on("connect", function () {
        // Rejoin the same conversation after every (re)connection, then send what waited.
        socket.emit("session_request", { session_id: self.state.sessionId });
      });
      socket.on("session_confirm", function (data) {
        var id = typeof data === "string" ? data : data && data.session_id;
        if (!id || socket !== self.socket) {
          return;
        }
        self.state.sessionId = id;
        self.confirmed = true;
        // After "New conversation" the status says so (read out by screen readers); otherwise
        // it empties, now that Opas is reachable.
        self.setStatus(self.announcement);
        if (!self.state.greeted) {
          self.state.greeted = true;
          self.emit(GREETING);
        }
        writeState(self.state);
        self.flushQueue();
      });
      socket.on("bot_uttered", function (data) {
        if (socket === self.socket) {
          self.receive(data);
        }
      });
      function unreachable() {
        if (socket === self.socket) {
          self.confirmed = false;
          self.announcement = "";
          self.showTyping(false);
          self.setStatus(self.texts.unreachable);
        }
      }
      socket.on("disconnect", function (reason) {
        unreachable();
        // socket.io retries by itself except when the server ended the connection: retry then
        // too, after a pause (a server that keeps refusing must not be asked in a tight loop).
        if (reason === "io server disconnect") {
          setTimeout(function () {
            if (socket === self.socket && !socket.connected) {
              socket.connect();
            }
          }, RETRY_AFTER_SERVER_DISCONNECT_MS);
        }
      });
      socket.on("connect_error", unreachable);
    }, function () {
      // The client library did not load: "New conversation" tries again.
      socketLibrary = null;
      self.setStatus(self.texts.unreachable);
    });
  };

  // A new conversation: forget this one here and on the socket, and greet again.
  Widget.prototype.startOver = function () {
    if (this.socket) {
      var old = this.socket;
      this.socket = null;
      old.disconnect();
    }
    this.confirmed = false;
    this.queue = [];
    this.showTyping(false);
    this.state = freshState(this.options);
    writeState(this.state);
    this.redraw();
    this.announcement = this.texts.newConversationStarted || "";
    this.connect();
    this.input.focus();
  };

  // ---- start ---------------------------------------------------------------------------------

  function languageFor(host) {
    return host.getAttribute("data-language") || document.documentElement.lang ||
      navigator.language || "";
  }

  function mount(host) {
    if (host.getAttribute("data-opas-mounted")) {
      return;
    }
    host.setAttribute("data-opas-mounted", "true");
    var url = ORIGIN + "/widget/config?lang=" + encodeURIComponent(languageFor(host).slice(0, 35));
    fetch(url, { credentials: "omit" })
      .then(function (reply) {
        if (!reply.ok) {
          throw new Error("config " + reply.status);
        }
        return reply.json();
      })
      .then(function (config) {
        new Widget(host, config);
      })
      .catch(function () {
        host.setAttribute("data-opas-mounted", "");
      });
  }

  function start() {
    var hosts = document.querySelectorAll("[data-opas-chat]");
    for (var i = 0; i < hosts.length; i += 1) {
      mount(hosts[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
