// Starts telegram-test-api, a Telegram Bot API emulator, for the end-to-end
// tests of the telegram adapter and the bot (citebot/internal/tgemulator):
//
//   node launch.js PORT      PORT 0 lets the system choose a free one
//
// It listens on 127.0.0.1 only and prints "listening on N" once it serves,
// then runs until its standard input closes (the test ended, or died) or it
// gets SIGTERM or SIGINT.
//
// What the emulator does not do, and the tests allow for: getUpdates ignores
// timeout and offset (it answers at once, with every update not yet read);
// answerInlineQuery and setMyCommands are unknown methods (HTTP 500); edited
// messages cannot be sent; answerCallbackQuery is accepted and forgotten.
'use strict';

const TelegramServer = require('telegram-test-api');

// The emulator posts to webhooks and stores client messages without awaiting
// the promises; one that fails must not end the process, which is what Node
// does with an unhandled rejection.
process.on('unhandledRejection', (reason) => {
  console.error('telegram-test-api: unhandled rejection:', (reason && reason.stack) || reason);
});

async function main() {
  const arg = process.argv[2];
  const port = Number(arg);
  if (arg === undefined || !Number.isInteger(port) || port < 0 || port > 65535) {
    console.error('usage: node launch.js PORT   (0: any free port)');
    process.exit(2);
  }
  const server = new TelegramServer({ host: '127.0.0.1', port: port || 1, storeTimeout: 600 });
  server.config.port = port; // its config reads 0 as "use 9000"
  await server.start();
  const actual = server.server.address().port;
  server.config.apiURL = `http://127.0.0.1:${actual}`;

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    try {
      await server.stop();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdin.on('end', stop);
  process.stdin.on('error', stop);
  process.stdin.resume();

  console.log(`listening on ${actual}`);
}

main().catch((err) => {
  console.error('telegram-test-api: could not start:', (err && err.stack) || err);
  process.exit(1);
});
