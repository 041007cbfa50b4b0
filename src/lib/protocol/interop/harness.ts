/**
 * Test harness for the interop specs: real SMTP peers on loopback (`smtp-server` as the server,
 * `nodemailer` as the client), a test certificate from `selfsigned`, a transparent TCP recording
 * proxy (optionally an on-path attacker that strips `250-STARTTLS` or forges `454`), and the
 * normalisation that turns both real transcripts and the simulator's steps into comparable
 * command verbs and reply codes.
 *
 * Node-only (node:net, node:util); never imported by the app. Only 127.0.0.1 is ever used.
 *
 * Leaves to others: the protocol model itself (../), the known differences and assertions (the
 * specs).
 */
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { format } from 'node:util';
import { generate } from 'selfsigned';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import nodemailer from 'nodemailer';
import type { RunResult, Step } from '../result';
import { NAMES } from '../example-names';
import { parseScenarioQuery } from '../scenario-query';
import { runScenario } from '../run-scenario';

export const LOOPBACK = '127.0.0.1';
/** Every wait in these tests is bounded by this (ms). */
export const SHORT_TIMEOUT = 1500;

export interface TestCert {
	key: string;
	cert: string;
}

/** A self-signed certificate for the simulator's submission host (CN and SAN mail.example.com). */
export async function makeTestCert(): Promise<TestCert> {
	const pems = await generate([{ name: 'commonName', value: NAMES.msaHost }], {
		keyType: 'ec',
		curve: 'P-256',
		algorithm: 'sha256',
		notAfterDate: new Date(Date.now() + 24 * 3600 * 1000),
		extensions: [
			{ name: 'basicConstraints', cA: false },
			{ name: 'subjectAltName', altNames: [{ type: 2, value: NAMES.msaHost }] }
		]
	});
	return { key: pems.private, cert: pems.cert };
}

// ---------------------------------------------------------------------------------------------
// Logging: both real peers accept a bunyan-like logger object; we keep every entry.

export interface LogEntry {
	level: string;
	/** nodemailer: 'client' | 'server' | 'network' | 'smtp' …; smtp-server: 'send' | 'command' … */
	tnx: string;
	/** smtp-server connection id. */
	cid?: string;
	text: string;
}

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
type Logger = Record<
	(typeof LEVELS)[number],
	(entry: unknown, message?: unknown, ...args: unknown[]) => void
>;

export function captureLogger(into: LogEntry[]): Logger {
	const out = {} as Logger;
	for (const level of LEVELS) {
		out[level] = (entry: unknown, message?: unknown, ...args: unknown[]) => {
			const e = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<
				string,
				unknown
			>;
			const text =
				typeof entry === 'string' ? format(entry, message, ...args) : format(message, ...args);
			into.push({
				level,
				tnx: typeof e.tnx === 'string' ? e.tnx : '',
				cid: typeof e.cid === 'string' ? e.cid : undefined,
				text
			});
		};
	}
	return out;
}

// ---------------------------------------------------------------------------------------------
// The real server.

export type ServerMode =
	/** Submission/587 profile: STARTTLS offered, AUTH refused before TLS (smtp-server's default). */
	| 'starttls'
	/** Submissions/465 profile: TLS from the first byte. */
	| 'implicit'
	/** No TLS at all; AUTH accepted in clear. */
	| 'plaintext'
	/** STARTTLS offered but not required: AUTH allowed in clear and optional (relay/MX-like). */
	| 'starttls-optional';

export interface RunningServer {
	mode: ServerMode;
	port: number;
	/** Everything smtp-server logged: `C:` (commands received) and `S:` (replies sent). */
	log: LogEntry[];
	/** Messages consumed by onData. */
	messages: string[];
	/** Authentication attempts: user name and whether it succeeded. */
	auths: { username: string; ok: boolean }[];
	/** Errors from the 'error' listener (aborted handshakes and the like). */
	errors: Error[];
	close(): Promise<void>;
}

export async function startServer(mode: ServerMode, tls: TestCert): Promise<RunningServer> {
	const log: LogEntry[] = [];
	const messages: string[] = [];
	const auths: { username: string; ok: boolean }[] = [];
	const errors: Error[] = [];
	const options: SMTPServerOptions = {
		name: NAMES.msaHost,
		disableReverseLookup: true,
		authMethods: ['PLAIN', 'LOGIN'],
		logger: captureLogger(log),
		closeTimeout: 500,
		socketTimeout: 4000,
		key: tls.key,
		cert: tls.cert,
		secure: mode === 'implicit',
		disabledCommands: mode === 'plaintext' ? ['STARTTLS'] : [],
		allowInsecureAuth: mode === 'plaintext' || mode === 'starttls-optional',
		authOptional: mode === 'starttls-optional',
		onAuth(auth, _session, callback) {
			const ok = auth.username === NAMES.sender && auth.password === NAMES.password;
			auths.push({ username: auth.username ?? '', ok });
			if (!ok) return callback(new Error('Invalid username or password'));
			callback(null, { user: auth.username });
		},
		onData(stream, _session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (c: Buffer) => chunks.push(c));
			stream.on('end', () => {
				messages.push(Buffer.concat(chunks).toString('utf8'));
				callback();
			});
		}
	};
	const server = new SMTPServer(options);
	server.on('error', (err: Error) => errors.push(err));
	await new Promise<void>((resolve, reject) => {
		server.server.once('error', reject);
		server.listen(0, LOOPBACK, () => resolve());
	});
	const port = (server.server.address() as AddressInfo).port;
	return {
		mode,
		port,
		log,
		messages,
		auths,
		errors,
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}

// ---------------------------------------------------------------------------------------------
// The loopback proxy: records every byte in both directions; as an attacker it edits plaintext.

export interface ProxyOptions {
	/** Delete the STARTTLS line from EHLO replies (RFC 3207 §6 stripping). */
	stripStarttls?: boolean;
	/** Hold back a STARTTLS command and answer it with a forged 454 (the simulator's forge-454). */
	forge454?: boolean;
}

export interface WireChunk {
	/** Connection number through the proxy, from 1. */
	conn: number;
	dir: 'c2s' | 's2c';
	data: Buffer;
}

export interface Tamper {
	conn: number;
	/** What the real server sent (or the client asked). */
	original: string;
	/** What the proxy passed on instead. */
	forwarded: string;
}

export interface RecordingProxy {
	port: number;
	/** Raw bytes as received from each side, in arrival order. */
	chunks: WireChunk[];
	tampers: Tamper[];
	connections: number;
	/** Forget what was recorded (between tests). */
	reset(): void;
	close(): Promise<void>;
}

export const FORGED_454 = '454 4.7.0 TLS not available due to local problem';

/** Re-renders a multi-line reply's separators after lines were removed (RFC 5321 §4.2.1). */
function renderReply(lines: string[]): string[] {
	return lines.map((l, i) => `${l.slice(0, 3)}${i === lines.length - 1 ? ' ' : '-'}${l.slice(4)}`);
}

export async function startProxy(
	upstreamPort: number,
	opts: ProxyOptions = {}
): Promise<RecordingProxy> {
	const chunks: WireChunk[] = [];
	const tampers: Tamper[] = [];
	const sockets = new Set<Socket>();
	let connections = 0;

	const server: Server = createServer((client) => {
		const conn = ++connections;
		const upstream = connect({ host: LOOPBACK, port: upstreamPort });
		sockets.add(client);
		sockets.add(upstream);
		for (const s of [client, upstream]) {
			s.on('close', () => sockets.delete(s));
			s.on('error', () => {
				client.destroy();
				upstream.destroy();
			});
		}
		client.on('close', () => upstream.end());
		upstream.on('close', () => client.end());

		// Per direction: plaintext line handling until a TLS record starts at a line boundary.
		const pump = (dir: 'c2s' | 's2c', from: Socket, to: Socket, onLine: (line: string) => void) => {
			let raw = !(opts.stripStarttls || opts.forge454);
			let buf = Buffer.alloc(0);
			from.on('data', (data: Buffer) => {
				chunks.push({ conn, dir, data: Buffer.from(data) });
				if (raw) {
					if (!to.destroyed) to.write(data);
					return;
				}
				buf = Buffer.concat([buf, data]);
				for (;;) {
					if (buf.length > 0 && buf[0] === 0x16) {
						raw = true;
						if (!to.destroyed) to.write(buf);
						buf = Buffer.alloc(0);
						return;
					}
					const nl = buf.indexOf(0x0a);
					if (nl < 0) return;
					const line = buf.subarray(0, nl + 1).toString('latin1');
					buf = buf.subarray(nl + 1);
					onLine(line.replace(/\r?\n$/, ''));
				}
			});
			from.on('end', () => to.end());
		};

		let pending: string[] = [];
		const writeLines = (to: Socket, lines: string[]) => {
			if (!to.destroyed && lines.length) to.write(lines.map((l) => l + '\r\n').join(''));
		};
		pump('s2c', upstream, client, (line) => {
			pending.push(line);
			if (line[3] === '-') return; // multi-line reply continues
			let reply = pending;
			pending = [];
			if (opts.stripStarttls && reply.some((l) => /^250[ -]STARTTLS\s*$/i.test(l))) {
				const kept = renderReply(reply.filter((l) => !/^250[ -]STARTTLS\s*$/i.test(l)));
				tampers.push({ conn, original: reply.join('\n'), forwarded: kept.join('\n') });
				reply = kept;
			}
			writeLines(client, reply);
		});
		pump('c2s', client, upstream, (line) => {
			if (opts.forge454 && /^STARTTLS\s*$/i.test(line)) {
				tampers.push({ conn, original: line, forwarded: `(held back; answered ${FORGED_454})` });
				writeLines(client, [FORGED_454]);
				return;
			}
			writeLines(upstream, [line]);
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, LOOPBACK, () => resolve());
	});
	return {
		port: (server.address() as AddressInfo).port,
		chunks,
		tampers,
		get connections() {
			return connections;
		},
		reset() {
			chunks.length = 0;
			tampers.length = 0;
		},
		close: () =>
			new Promise<void>((resolve) => {
				for (const s of sockets) s.destroy();
				server.close(() => resolve());
			})
	};
}

/** One thing an on-path observer captured: a readable SMTP line, or opaque TLS bytes. */
export interface Observed {
	dir: 'c2s' | 's2c';
	/** The readable line, or null for TLS records. */
	line: string | null;
	/** For TLS: byte count of the run of records. */
	tlsBytes?: number;
}

/**
 * What an on-path observer reads from the recorded bytes: SMTP lines while the stream is
 * plaintext, then `TLS` runs once a TLS record (0x16 0x03 …) starts at a line boundary.
 */
export function observerView(chunks: WireChunk[]): Observed[] {
	const out: Observed[] = [];
	const state = {
		c2s: { buf: Buffer.alloc(0), tls: false },
		s2c: { buf: Buffer.alloc(0), tls: false }
	};
	for (const { dir, data } of chunks) {
		const st = state[dir];
		if (st.tls) {
			const last = out[out.length - 1];
			if (last && last.dir === dir && last.line === null)
				last.tlsBytes = (last.tlsBytes ?? 0) + data.length;
			else out.push({ dir, line: null, tlsBytes: data.length });
			continue;
		}
		st.buf = Buffer.concat([st.buf, data]);
		for (;;) {
			if (st.buf.length > 0 && st.buf[0] === 0x16) {
				st.tls = true;
				out.push({ dir, line: null, tlsBytes: st.buf.length });
				st.buf = Buffer.alloc(0);
				break;
			}
			const nl = st.buf.indexOf(0x0a);
			if (nl < 0) break;
			out.push({ dir, line: st.buf.subarray(0, nl).toString('latin1').replace(/\r$/, '') });
			st.buf = st.buf.subarray(nl + 1);
		}
	}
	return out;
}

/** The chunks of the latest connection through the proxy (earlier ones may still be closing). */
export function lastConnection(proxy: RecordingProxy): WireChunk[] {
	return proxy.chunks.filter((c) => c.conn === proxy.connections);
}

/** Everything the client sent on a connection, in order. */
export function clientBytes(chunks: WireChunk[]): Buffer {
	return Buffer.concat(chunks.filter((c) => c.dir === 'c2s').map((c) => c.data));
}

// ---------------------------------------------------------------------------------------------
// The real client.

export interface SendOptions {
	port: number;
	tls: TestCert;
	secure?: boolean;
	requireTLS?: boolean;
	ignoreTLS?: boolean;
	/** Password to send; null: no AUTH (an MTA relaying). */
	password?: string | null;
	greetingTimeout?: number;
	connectionTimeout?: number;
}

export interface SendResult {
	ok: boolean;
	accepted: string[];
	error?: Error & { code?: string; responseCode?: number; command?: string; response?: string };
	/** nodemailer's own log: `client` lines it sent, `server` lines it read, events. */
	log: LogEntry[];
	ms: number;
}

/** Sends one message with nodemailer (debug transcript captured); never rejects. */
export async function sendWithNodemailer(o: SendOptions): Promise<SendResult> {
	const log: LogEntry[] = [];
	const started = Date.now();
	const transport = nodemailer.createTransport({
		host: LOOPBACK,
		port: o.port,
		secure: o.secure ?? false,
		requireTLS: o.requireTLS ?? false,
		ignoreTLS: o.ignoreTLS ?? false,
		name: NAMES.clientHost,
		auth:
			o.password === null ? undefined : { user: NAMES.sender, pass: o.password ?? NAMES.password },
		// Validate the test certificate for the name the simulator uses (no rejectUnauthorized: false).
		tls: { ca: [o.tls.cert], servername: NAMES.msaHost },
		greetingTimeout: o.greetingTimeout ?? SHORT_TIMEOUT,
		connectionTimeout: o.connectionTimeout ?? SHORT_TIMEOUT,
		socketTimeout: 3000,
		dnsTimeout: SHORT_TIMEOUT,
		logger: captureLogger(log),
		debug: true
	});
	try {
		const info = await transport.sendMail({
			from: `${NAMES.senderName} <${NAMES.sender}>`,
			to: `${NAMES.recipientName} <${NAMES.recipient}>`,
			subject: 'Hello',
			text: 'Hi Bob!'
		});
		return {
			ok: true,
			accepted: (info.accepted ?? []).map(String),
			log,
			ms: Date.now() - started
		};
	} catch (e) {
		return {
			ok: false,
			accepted: [],
			error: e as SendResult['error'],
			log,
			ms: Date.now() - started
		};
	} finally {
		transport.close();
	}
}

// ---------------------------------------------------------------------------------------------
// Normalisation: command verbs and reply codes, from every source.

/** `AUTH PLAIN …` → `AUTH PLAIN`; `MAIL FROM:<…>` → `MAIL`; `EHLO host` → `EHLO`. */
export function commandVerb(line: string): string {
	const words = line.trim().split(/\s+/);
	const verb = (words[0] ?? '').split(':')[0].toUpperCase();
	if (verb === 'AUTH' && words[1]) return `AUTH ${words[1].toUpperCase()}`;
	return verb;
}

/** The 3-digit code of a (possibly multi-line) reply. */
export function replyCode(text: string): number {
	const m = /^(\d{3})/.exec(text.trim());
	return m ? Number(m[1]) : NaN;
}

/** The reply class: 2 success, 3 intermediate, 4 transient, 5 permanent (RFC 5321 §4.2.1). */
export const replyClass = (code: number): number => Math.floor(code / 100);

export interface Dialogue {
	commands: string[];
	replies: number[];
}

/** The client's view in nodemailer's log: commands it wrote, replies it read. */
export function clientDialogue(log: LogEntry[]): Dialogue {
	return {
		commands: log.filter((e) => e.tnx === 'client').map((e) => commandVerb(e.text)),
		replies: log.filter((e) => e.tnx === 'server').map((e) => replyCode(e.text))
	};
}

/** The server's view in smtp-server's log (`C:` received, `S:` sent), one connection. */
export function serverDialogue(log: LogEntry[], cid?: string): Dialogue {
	const mine = log.filter((e) => cid === undefined || e.cid === cid);
	return {
		commands: mine
			.filter((e) => e.tnx === 'command' && e.text.startsWith('C:'))
			.map((e) => commandVerb(e.text.slice(2))),
		replies: mine
			.filter((e) => e.tnx === 'send' && e.text.startsWith('S:'))
			.map((e) => replyCode(e.text.slice(2)))
	};
}

/** The id of the latest connection smtp-server accepted, if any. */
export function lastServerConnection(log: LogEntry[]): string | undefined {
	return log.filter((e) => e.tnx === 'connection' && e.cid).at(-1)?.cid;
}

/** Runs the simulator on a compact scenario query; throws if the query itself is invalid. */
export function simulate(query: string): RunResult {
	const { scenario, problems } = parseScenarioQuery(query);
	if (problems.length)
		throw new Error(`Bad scenario "${query}": ${problems.map((p) => p.message).join(' ')}`);
	return runScenario(scenario);
}

/** The simulator's SMTP lines an on-path observer reads in clear (commands and reply codes). */
export function simulatorPlaintext(steps: Step[], client: Step['from'] = 'client'): Dialogue {
	return simulatorDialogue(
		steps.filter((s) => !s.encrypted),
		client
	);
}

/** The simulator's dialogue as the given client party sees it (SMTP layer only). */
export function simulatorDialogue(steps: Step[], client: Step['from'] = 'client'): Dialogue {
	const smtp = steps.filter((s) => s.layer === 'SMTP');
	return {
		commands: smtp
			.filter((s) => s.kind === 'command' && s.from === client)
			.map((s) => commandVerb(s.text)),
		replies: smtp.filter((s) => s.kind === 'reply' && s.to === client).map((s) => replyCode(s.text))
	};
}

/** The plaintext commands an observer read (verbs), from the recording. */
export function observedCommands(view: Observed[]): string[] {
	return view
		.filter((o) => o.dir === 'c2s' && o.line !== null)
		.map((o) => commandVerb(o.line ?? ''));
}

/** The message body lines as a client sends them after DATA, dropped from verb lists. */
export function dropMessageBody(commands: string[]): string[] {
	const out: string[] = [];
	let inData = false;
	for (const c of commands) {
		if (inData) {
			if (c === '.') inData = false;
			continue;
		}
		out.push(c);
		if (c === 'DATA') inData = true;
	}
	return out;
}

/** What the observer read in clear, as a dialogue (message body dropped; final reply lines). */
export function observedDialogue(view: Observed[]): Dialogue {
	return {
		commands: dropMessageBody(observedCommands(view)),
		replies: view
			.filter((o) => o.dir === 's2c' && o.line !== null && /^\d{3}( |$)/.test(o.line))
			.map((o) => replyCode(o.line ?? ''))
	};
}

/** The observed plaintext lines the client sent (raw text). */
export function observedClientLines(view: Observed[]): string[] {
	return view.filter((o) => o.dir === 'c2s' && o.line !== null).map((o) => o.line ?? '');
}
