'use strict';
// Runs each argument as a shell command, all at once, and fails if any fails: the build's two independent halves
// (Vite's renderer bundle and tsc's main process) side by side on a 2-core machine. Output is printed per command
// when it ends, so the two never interleave.
const { Buffer } = require('node:buffer');
const { spawn } = require('node:child_process');

const commands = process.argv.slice(2);
let failed = 0;
Promise.all(
  commands.map(
    (command) =>
      new Promise((resolve) => {
        const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
        const out = [];
        child.stdout.on('data', (d) => out.push(d));
        child.stderr.on('data', (d) => out.push(d));
        child.on('close', (code, signal) => {
          process.stdout.write(Buffer.concat(out));
          if (code !== 0) {
            failed++;
            process.stderr.write(`${command}: ${signal ?? `exit ${code}`}\n`);
          }
          resolve();
        });
      }),
  ),
).then(() => process.exit(failed ? 1 : 0));
