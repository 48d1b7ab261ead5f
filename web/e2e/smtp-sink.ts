import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';

/**
 * A minimal SMTP server for the browser tests: accepts every message and writes it, as
 * received, to `<dir>/<n>.eml`. No TLS and no authentication (the server is told starttls=off).
 */
export function startSmtpSink(dir: string): Promise<{ port: number; server: Server }> {
  mkdirSync(dir, { recursive: true });
  let count = 0;
  const server = createServer((socket) => {
    let buffer = '';
    let inData = false;
    let recipients: string[] = [];
    socket.setEncoding('utf8');
    socket.write('220 warroom-e2e-sink ESMTP\r\n');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          const message = buffer.slice(0, end).replace(/^\.\./gm, '.');
          buffer = buffer.slice(end + 5);
          inData = false;
          count += 1;
          const header = `X-Sink-Recipients: ${recipients.join(', ')}\r\n`;
          writeFileSync(join(dir, `${String(count).padStart(5, '0')}.eml`), header + message);
          recipients = [];
          socket.write('250 2.0.0 queued\r\n');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') socket.write('250-warroom-e2e-sink\r\n250 8BITMIME\r\n');
        else if (verb === 'HELO') socket.write('250 warroom-e2e-sink\r\n');
        else if (verb === 'RCPT') {
          recipients.push(line.replace(/^RCPT TO:\s*/i, '').replace(/[<>]/g, ''));
          socket.write('250 2.1.5 ok\r\n');
        } else if (verb === 'DATA') {
          inData = true;
          socket.write('354 end with <CRLF>.<CRLF>\r\n');
        } else if (verb === 'QUIT') {
          socket.end('221 2.0.0 bye\r\n');
          return;
        } else socket.write('250 2.0.0 ok\r\n');
      }
    });
    socket.on('error', () => socket.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ port: typeof address === 'object' && address ? address.port : 0, server });
    });
  });
}

/** Undoes quoted-printable: soft line breaks and =XX escapes (UTF-8). */
export function decodeQuotedPrintable(text: string): string {
  const joined = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i += 1) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i] ?? '', 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The messages the sink received for an address, oldest first, decoded. */
export function mailsTo(dir: string, address: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.eml'));
  } catch {
    return [];
  }
  return names
    .sort()
    .map((n) => readFileSync(join(dir, n), 'utf8'))
    .filter((m) => (m.split('\r\n')[0] ?? '').toLowerCase().includes(address.toLowerCase()))
    .map(decodeQuotedPrintable);
}
