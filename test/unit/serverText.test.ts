/* eslint-disable no-control-regex -- the test looks for control characters left in messages */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { streamingClone } from '../../main/transport/streamingClone';
import { serverText } from '../../main/transport/serverText';
import { describeNetworkError } from '../../main/git/cloneRepository';
import { tmpDir } from '../fixtures/generateRepo';

// A hostile git server's text (ERR lines, side-band error text) reaches the user without control characters.

const pkt = (s: string | Buffer) => {
  const b = Buffer.isBuffer(s) ? s : Buffer.from(s);
  return Buffer.concat([Buffer.from((b.length + 4).toString(16).padStart(4, '0')), b]);
};
const OID = 'a'.repeat(40);
const HOSTILE = 'ERR \x1b[2J\x1b]0;title\x07bad';

async function withServer(answer: (req: http.IncomingMessage) => Buffer, run: (url: string) => Promise<void>): Promise<void> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const post = req.method === 'POST';
      res.writeHead(200, { 'content-type': `application/x-git-upload-pack-${post ? 'result' : 'advertisement'}` });
      res.end(answer(req));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}/repo.git`);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

const advertisement = Buffer.concat([
  pkt('# service=git-upload-pack\n'),
  Buffer.from('0000'),
  pkt(`${OID} HEAD\0side-band-64k ofs-delta symref=HEAD:refs/heads/main\n`),
  pkt(`${OID} refs/heads/main\n`),
  Buffer.from('0000'),
]);

async function cloneError(answer: (req: http.IncomingMessage) => Buffer): Promise<string> {
  let message = '';
  await withServer(answer, async (url) => {
    await assert.rejects(
      streamingClone({ url, dir: path.join(tmpDir('hostile-server'), 'clone') }),
      (e: Error) => ((message = e.message), true),
    );
  });
  return message;
}

function assertClean(message: string): void {
  assert.doesNotMatch(message, /[\x00-\x08\x0b-\x1f\x7f-\x9f]/, JSON.stringify(message));
  assert.match(message, /bad/);
  assert.doesNotMatch(message, /title|\[2J/);
}

test('an ERR line in the ref advertisement is refused, shown without escape codes', async () => {
  const message = await cloneError(() => Buffer.concat([pkt('# service=git-upload-pack\n'), Buffer.from('0000'), pkt(HOSTILE)]));
  assert.match(message, /^The server refused: bad$/);
  assertClean(message);
});

test('an ERR line in the upload-pack answer is shown without escape codes', async () => {
  const message = await cloneError((req) =>
    req.method === 'POST' ? Buffer.concat([pkt('NAK\n'), pkt(HOSTILE), Buffer.from('0000')]) : advertisement,
  );
  assert.match(message, /The server refused: bad/);
  assertClean(message);
});

test('side-band error text (band 3) is shown without escape codes', async () => {
  const band3 = Buffer.concat([Buffer.from([3]), Buffer.from('\x1b[31mbad\x1b[0m\x1b]0;title\x07\r\n')]);
  const message = await cloneError((req) =>
    req.method === 'POST' ? Buffer.concat([pkt('NAK\n'), pkt(band3), Buffer.from('0000')]) : advertisement,
  );
  assert.match(message, /The server reported an error: bad$/);
  assertClean(message);
});

test('serverText keeps newlines and tabs, drops C0/C1 controls and escape sequences', () => {
  assert.equal(serverText('a\tb\nc\x1b[1;31md\x1b[0m\x9be\x00\x07f\x1b]0;x\x1b\\g'), 'a\tb\ncdef' + 'g');
});

test('an HTTP 500 is reported as a server error, not as a wrong address', async () => {
  const server = http.createServer((req, res) => {
    res.writeHead(500);
    res.end('oops');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/repo.git`;
  try {
    const err = await streamingClone({ url, dir: path.join(tmpDir('server-500'), 'clone') }).then(
      () => null,
      (e: unknown) => e,
    );
    const message = describeNetworkError(err, url).message;
    assert.match(message, /the server answered 500 \(server error\)/);
    assert.doesNotMatch(message, /check the address/i);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});
