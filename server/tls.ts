/**
 * HTTPS for the room server: a certificate and key from files, or a self-signed development certificate for this
 * machine's names and LAN addresses. A page opened from another machine over plain http is not a secure context
 * (no `navigator.mediaDevices`: no camera, no microphone), so a LAN call needs https.
 *
 * The certificate is built here with `node:crypto` alone (an ECDSA P-256 key and ~100 lines of DER) rather than
 * with `selfsigned`/`node-forge` or the `openssl` binary: no dependency, nothing to install on Windows, and a key
 * made in milliseconds where forge's pure-JS RSA takes seconds.
 */
import { X509Certificate, createHash, createPrivateKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { homedir, hostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';

/** A certificate (chain) and its private key, PEM. */
export interface TlsCredentials {
  cert: string;
  key: string;
}

export interface DevCertificate extends TlsCredentials {
  /** SHA-256 of the certificate as browsers show it (`AB:CD:...`): what a person compares before accepting it. */
  fingerprint: string;
  /** The names and addresses it is valid for. */
  hosts: string[];
  /** Where it is kept; undefined when it could not be written (then it is new every run). */
  file?: string;
  /** Made now (false: the cached one was reused). */
  created: boolean;
  /** Why it could not be cached, when so. */
  cacheError?: string;
}

/** Days a development certificate is valid; Apple refuses TLS server certificates valid for more than 825. */
const VALIDITY_DAYS = 365;
/** A cached certificate with less left than this is replaced before it starts failing mid-demo. */
const RENEW_BEFORE_DAYS = 30;
/** Addresses of other networks kept from an earlier certificate (a laptop moving between home and office). */
const MAX_HOSTS = 24;
const DAY = 86_400_000;
const CERT_FILE = 'dev-cert.pem';
const KEY_FILE = 'dev-key.pem';

/** This machine's IPv4 addresses other than loopback. */
export function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((i) => !!i && i.family === 'IPv4' && !i.internal)
    .map((i) => i!.address);
}

/**
 * What a development certificate covers: localhost, the loopback addresses, this machine's host name (and its
 * `.local` mDNS name), its LAN IPv4 addresses, and `extra` (an address given with `--host`).
 */
export function devCertificateHosts(extra: string[] = []): string[] {
  const names = ['localhost', '127.0.0.1', '::1'];
  const name = hostname().toLowerCase();
  if (isDnsName(name)) names.push(name, ...(name.includes('.') ? [] : [`${name}.local`]));
  return unique([...names, ...lanAddresses(), ...extra.filter((h) => h && h !== '0.0.0.0' && h !== '::')]);
}

/** `$XDG_CACHE_HOME/zego-elements`, else `~/.cache/zego-elements` (`%LOCALAPPDATA%\zego-elements` on Windows). */
export function defaultCertificateDir(): string {
  if (process.platform === 'win32' && process.env.LOCALAPPDATA) return join(process.env.LOCALAPPDATA, 'zego-elements');
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'zego-elements');
}

/**
 * The development certificate for `hosts`: the one kept in `dir` while it is valid for another 30 days and covers
 * every host, else a new one (also covering the hosts of the old one, up to 24) written there. Kept rather than made
 * per run because browsers remember an accepted certificate, not a host: a new one every start would make every
 * phone of the LAN click through the warning again. `dir: null` makes one in memory only.
 */
export async function devCertificate(options: { hosts?: string[]; dir?: string | null; now?: Date } = {}): Promise<DevCertificate> {
  const hosts = unique(options.hosts ?? devCertificateHosts());
  const now = options.now ?? new Date();
  const dir = options.dir === undefined ? defaultCertificateDir() : options.dir;
  let previous: string[] = [];
  if (dir !== null) {
    const cached = await readCached(dir);
    if (cached) {
      const x509 = new X509Certificate(cached.cert);
      const fresh = Date.parse(x509.validFrom) <= now.getTime() && Date.parse(x509.validTo) - now.getTime() > RENEW_BEFORE_DAYS * DAY;
      const covered = hosts.every((h) => covers(x509, h));
      if (fresh && covered)
        return { ...cached, fingerprint: x509.fingerprint256, hosts: sanHosts(x509), file: join(dir, CERT_FILE), created: false };
      if (fresh) previous = sanHosts(x509);
    }
  }
  const all = unique([...hosts, ...previous]).slice(0, Math.max(MAX_HOSTS, hosts.length));
  const made = selfSignedCertificate(all, { now });
  const x509 = new X509Certificate(made.cert);
  const result: DevCertificate = { ...made, fingerprint: x509.fingerprint256, hosts: all, created: true };
  if (dir === null) return result;
  try {
    await writeCached(dir, made);
    result.file = join(dir, CERT_FILE);
  } catch (e) {
    result.cacheError = (e as Error).message;
  }
  return result;
}

/** Reads `--cert` and `--key` and checks that they belong together; throws a readable Error otherwise. */
export async function readTlsFiles(certFile: string, keyFile: string): Promise<TlsCredentials> {
  const [cert, key] = await Promise.all([
    readFile(certFile, 'utf8').catch((e: Error) => Promise.reject(new Error(`cannot read the certificate ${certFile}: ${e.message}`))),
    readFile(keyFile, 'utf8').catch((e: Error) => Promise.reject(new Error(`cannot read the key ${keyFile}: ${e.message}`))),
  ]);
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch (e) {
    throw new Error(`${certFile} is not a PEM certificate (${(e as Error).message})`);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(key);
  } catch (e) {
    throw new Error(`${keyFile} is not a PEM private key without a passphrase (${(e as Error).message})`);
  }
  if (!x509.checkPrivateKey(privateKey)) throw new Error(`${keyFile} is not the key of ${certFile}`);
  return { cert, key };
}

/**
 * A self-signed X.509 v3 server certificate for `hosts` (DNS names and IP addresses as subjectAltName, which is
 * all browsers read), ECDSA P-256 with SHA-256, valid from a day ago (phones whose clock is behind) for a year.
 */
export function selfSignedCertificate(hosts: string[], options: { now?: Date; days?: number } = {}): TlsCredentials {
  if (!hosts.length) throw new Error('a certificate needs at least one host');
  const now = options.now ?? new Date();
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const serial = randomBytes(16);
  serial[0] = (serial[0] & 0x7f) | 0x40; // positive, and no leading zero byte to strip
  const name = seq(set(seq(oid(OID.commonName), der(0x0c, Buffer.from(`zego-elements development (${hostname()})`.slice(0, 64))))));
  const ecdsaWithSHA256 = seq(oid(OID.ecdsaWithSHA256));
  const extensions = [
    extension(OID.basicConstraints, seq(), true), // not a CA
    extension(OID.keyUsage, der(0x03, Buffer.from([0x07, 0x80])), true), // digitalSignature
    extension(OID.extKeyUsage, seq(oid(OID.serverAuth))),
    extension(OID.subjectKeyIdentifier, der(0x04, createHash('sha1').update(spki.subarray(-65)).digest())),
    extension(OID.subjectAltName, seq(...hosts.map(generalName))),
  ];
  const tbs = seq(
    der(0xa0, integer(Buffer.from([2]))), // v3
    integer(serial),
    ecdsaWithSHA256,
    name,
    seq(time(new Date(now.getTime() - DAY)), time(new Date(now.getTime() + (options.days ?? VALIDITY_DAYS) * DAY))),
    name,
    spki,
    der(0xa3, seq(...extensions)),
  );
  const signature = sign('sha256', tbs, { key: privateKey, dsaEncoding: 'der' });
  const cert = seq(tbs, ecdsaWithSHA256, der(0x03, Buffer.concat([Buffer.from([0]), signature])));
  return {
    cert: pem('CERTIFICATE', cert),
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  };
}

// ---- cache

async function readCached(dir: string): Promise<TlsCredentials | undefined> {
  try {
    const [cert, key] = await Promise.all([readFile(join(dir, CERT_FILE), 'utf8'), readFile(join(dir, KEY_FILE), 'utf8')]);
    if (!new X509Certificate(cert).checkPrivateKey(createPrivateKey(key))) return undefined;
    return { cert, key };
  } catch {
    return undefined; // missing, unreadable or damaged: make a new one
  }
}

async function writeCached(dir: string, made: TlsCredentials): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // whole files only (two servers starting at once, a crash mid-write); the key readable by this user alone
  const suffix = `.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(join(dir, KEY_FILE + suffix), made.key, { mode: 0o600 });
  await chmod(join(dir, KEY_FILE + suffix), 0o600);
  await writeFile(join(dir, CERT_FILE + suffix), made.cert, { mode: 0o644 });
  await rename(join(dir, KEY_FILE + suffix), join(dir, KEY_FILE));
  await rename(join(dir, CERT_FILE + suffix), join(dir, CERT_FILE));
}

function covers(x509: X509Certificate, host: string): boolean {
  return isIP(host) ? x509.checkIP(host) !== undefined : x509.checkHost(host, { wildcards: false }) !== undefined;
}

/** The names and addresses of a certificate's subjectAltName. */
function sanHosts(x509: X509Certificate): string[] {
  return (x509.subjectAltName ?? '')
    .split(', ')
    .map((entry) => /^(?:DNS:|IP Address:)(.+)$/.exec(entry)?.[1])
    .filter((h): h is string => !!h && (isIP(h) > 0 || isDnsName(h)))
    .map((h) => (isIP(h) === 6 ? ipv6Text(ipBytes(h)) : h));
}

function unique(list: string[]): string[] {
  return [...new Set(list.map((h) => (isIP(h) === 6 ? ipv6Text(ipBytes(h)) : h.toLowerCase())))];
}

function isDnsName(name: string): boolean {
  return name.length <= 253 && /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i.test(name);
}

// ---- DER

const OID = {
  commonName: '2.5.4.3',
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  subjectKeyIdentifier: '2.5.29.14',
  subjectAltName: '2.5.29.17',
} as const;

function der(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  const n = body.length;
  let length: Buffer;
  if (n < 0x80) length = Buffer.from([n]);
  else {
    const bytes: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
    length = Buffer.from([0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([Buffer.from([tag]), length, body]);
}

const seq = (...content: Buffer[]) => der(0x30, ...content);
const set = (...content: Buffer[]) => der(0x31, ...content);
const integer = (bytes: Buffer) => der(0x02, bytes[0] & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [40 * a + b];
  for (const n of rest) {
    const chunk = [n & 0x7f];
    for (let v = Math.floor(n / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v & 0x7f));
    out.push(...chunk);
  }
  return der(0x06, Buffer.from(out));
}

/** UTCTime until 2049, GeneralizedTime after (RFC 5280 4.1.2.5). */
function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z'; // YYYYMMDDHHMMSSZ
  return date.getUTCFullYear() < 2050 ? der(0x17, Buffer.from(iso.slice(2))) : der(0x18, Buffer.from(iso));
}

function extension(id: string, value: Buffer, critical = false): Buffer {
  return seq(oid(id), ...(critical ? [der(0x01, Buffer.from([0xff]))] : []), der(0x04, value));
}

/** A subjectAltName entry: iPAddress [7] for an IP, dNSName [2] otherwise. */
function generalName(host: string): Buffer {
  if (isIP(host)) return der(0x87, ipBytes(host));
  if (!isDnsName(host)) throw new Error(`"${host}" is neither a DNS name nor an IP address`);
  return der(0x82, Buffer.from(host.toLowerCase(), 'ascii'));
}

function ipBytes(ip: string): Buffer {
  if (isIP(ip) === 4) return Buffer.from(ip.split('.').map(Number));
  let text = ip.split('%')[0];
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const b = ipBytes(v4[1]);
    text = text.slice(0, -v4[1].length) + `${((b[0] << 8) | b[1]).toString(16)}:${((b[2] << 8) | b[3]).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}

/** The compressed text of an IPv6 address (`::1`), as URLs and Node print it. */
function ipv6Text(bytes: Buffer): string {
  return new URL(`http://[${Array.from({ length: 8 }, (_, i) => bytes.readUInt16BE(i * 2).toString(16)).join(':')}]`).hostname.slice(1, -1);
}

function pem(label: string, body: Buffer): string {
  return `-----BEGIN ${label}-----\n${body.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n')}-----END ${label}-----\n`;
}
