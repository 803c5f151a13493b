// Starts the chat widget with the settings the server wrote into the page.
(function () {
  "use strict";

  var LANGUAGE_KEY = "opas_language";
  var config = JSON.parse(document.getElementById("chat-config").textContent);

  function sessionStore() {
    try {
      return window.sessionStorage;
    } catch (error) {
      return null; // storage disabled: the widget keeps the conversation in memory only
    }
  }

  // A conversation begun in one language stays in it: a page in another language starts a
  // new one, whichever way the reader got here (the language links, a bookmark, Back).
  var store = sessionStore();
  if (store && store.getItem(LANGUAGE_KEY) !== config.language) {
    store.removeItem(config.sessionKey);
    store.setItem(LANGUAGE_KEY, config.language);
  }

  // The widget draws an unnamed icon button and a textarea named only by its placeholder:
  // name them for screen readers, again whenever the widget redraws.
  function nameControls(root) {
    var send = root.querySelectorAll(".rw-send");
    for (var i = 0; i < send.length; i += 1) {
      send[i].setAttribute("aria-label", config.sendLabel);
    }
    var input = root.querySelectorAll(".rw-new-message");
    for (var j = 0; j < input.length; j += 1) {
      input[j].setAttribute("aria-label", config.widget.inputTextFieldHint);
    }
  }

  var chat = document.getElementById("chat");
  if (!window.WebChat || !chat) {
    return;
  }
  new MutationObserver(function () { nameControls(chat); }).observe(chat, {
    childList: true,
    subtree: true,
  });
  // The widget's default "typing" pause is up to 3 s per bubble; an answer of four bubbles
  // would take twelve. A short pause keeps the order readable without making people wait.
  config.widget.customMessageDelay = function () { return 300; };
  window.WebChat.default(config.widget, chat);
})();
