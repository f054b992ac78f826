import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startWebHost, type WebHost } from '../../main/webhost/webHost';

// A client holding the token sends what no browser would: each bad frame or address ends that
// connection (a WebSocket close code, or 400) and the host serves on.

let host: WebHost;
let tmp: string;

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-hostile-ws-'));
  const staticDir = path.join(tmp, 'static');
  fs.mkdirSync(staticDir);
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Strata</title>');
  host = await startWebHost({ home: path.join(tmp, 'home'), staticDir });
});

after(async () => {
  await host.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function get(pathAndQuery: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port: host.port, path: pathAndQuery }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
}

/** Opens a WebSocket by hand, writes `frame`, and answers the close code the host sent before it closed. */
function sendRawFrame(frame: Buffer): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(host.port, '127.0.0.1');
    const origin = `http://127.0.0.1:${host.port}`;
    let buf = Buffer.alloc(0);
    let upgraded = false;
    let code: number | null = null;
    sock.on('connect', () => {
      sock.write(
        `GET /?token=${host.token} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nOrigin: ${origin}\r\nUpgrade: websocket\r\n` +
          `Connection: Upgrade\r\nSec-WebSocket-Key: ${crypto.randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
    sock.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (!upgraded) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buf.subarray(0, end).toString();
        if (!head.startsWith('HTTP/1.1 101')) return reject(new Error(`no upgrade: ${head}`));
        upgraded = true;
        buf = buf.subarray(end + 4);
        sock.write(frame);
      }
      // The server's close frame: 0x88, length, then the 2-byte code.
      if (buf.length >= 4 && buf[0] === 0x88) {
        code = buf.readUInt16BE(2);
        sock.end(Buffer.from([0x88, 0x82, 0, 0, 0, 0, buf[2]!, buf[3]!])); // answer the close, masked with a zero key
      }
    });
    sock.on('error', () => undefined); // a reset after the close is fine: the code was read
    sock.on('close', () => resolve(code));
  });
}

function maskedFrame(firstByte: number, payload: Buffer): Buffer {
  const mask = crypto.randomBytes(4);
  const masked = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!));
  return Buffer.concat([Buffer.from([firstByte, 0x80 | payload.length]), mask, masked]);
}

async function stillServes(): Promise<void> {
  const r = await get(`/initial.json?token=${host.token}`);
  assert.equal(r.status, 200);
  assert.equal(r.body, 'null');
}

test('a frame over 1 MiB closes that connection with 1009 and the host serves on', async () => {
  const len = Buffer.alloc(8);
  len.writeBigUInt64BE(BigInt((1 << 20) + 1));
  const frame = Buffer.concat([Buffer.from([0x81, 0x80 | 127]), len, crypto.randomBytes(4), Buffer.alloc(64)]);
  assert.equal(await sendRawFrame(frame), 1009);
  await stillServes();
});

test('invalid UTF-8 in a text frame closes that connection with 1007', async () => {
  assert.equal(await sendRawFrame(maskedFrame(0x81, Buffer.from([0xff, 0xfe, 0x80]))), 1007);
  await stillServes();
});

test('an unmasked client frame closes that connection with 1002', async () => {
  assert.equal(await sendRawFrame(Buffer.from([0x81, 0x02, 0x68, 0x69])), 1002);
  await stillServes();
});

test('a reserved opcode closes that connection with 1002', async () => {
  assert.equal(await sendRawFrame(maskedFrame(0x83, Buffer.from('hi'))), 1002);
  await stillServes();
});

test('a malformed percent-escape answers 400 and the host serves on', async () => {
  const r = await get(`/%ZZ?token=${host.token}`);
  assert.equal(r.status, 400);
  await stillServes();
  const page = await get(`/?token=${host.token}`);
  assert.equal(page.status, 200);
  assert.match(page.body, /<title>Strata<\/title>/);
});
