// The Bot API emulator (npm telegram-test-api) on loopback, for tests/e2e/test_telegram.py.
// Usage: node tests/e2e/telegram_emulator.js PORT. Prints "ready" once it listens.
"use strict";

const TelegramServer = require("telegram-test-api");

const port = Number(process.argv[2]);
// Messages are kept for ten minutes: long enough for a slow CI run, short enough to stay small.
const server = new TelegramServer({ port, host: "127.0.0.1", storeTimeout: 600 });

// The emulator posts updates to the webhook without awaiting the promise; a refused update
// would otherwise end the process. The test sees the missing answer instead.
process.on("unhandledRejection", (error) => {
  console.error("webhook call failed:", error && error.message);
});

process.on("SIGTERM", () => {
  server.stop().then(() => process.exit(0));
});

server.start().then(() => {
  console.log("ready");
});
