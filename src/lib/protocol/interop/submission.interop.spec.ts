/**
 * Against real software: submission with nodemailer to smtp-server in its three modes (STARTTLS
 * with TLS required before AUTH, implicit TLS, plaintext only), compared with the simulator's
 * transcript of the same scenario: command order, reply codes and classes, and what an on-path
 * observer reads (a transparent recording proxy sits in front of each server).
 *
 * Every allowance for the real stacks is a named entry of KNOWN_DIFFERENCES.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NAMES, base64Decode } from '../example-names';
import {
	clientBytes,
	clientDialogue,
	lastConnection,
	lastServerConnection,
	makeTestCert,
	observedClientLines,
	observedDialogue,
	observerView,
	sendWithNodemailer,
	serverDialogue,
	simulate,
	simulatorDialogue,
	simulatorPlaintext,
	startProxy,
	startServer,
	type RecordingProxy,
	type RunningServer,
	type TestCert
} from './harness';
import { KNOWN_DIFFERENCES, classes, withoutFinalQuit } from './known-differences';

const TEST_TIMEOUT = 5000;

let cert: TestCert;
type Mode = 'starttls' | 'implicit' | 'plaintext';
const servers = {} as Record<Mode, RunningServer>;
const proxies = {} as Record<Mode, RecordingProxy>;

beforeAll(async () => {
	cert = await makeTestCert();
	for (const mode of ['starttls', 'implicit', 'plaintext'] as const) {
		servers[mode] = await startServer(mode, cert);
		proxies[mode] = await startProxy(servers[mode].port);
	}
});

afterAll(async () => {
	for (const p of Object.values(proxies)) await p?.close();
	for (const s of Object.values(servers)) await s?.close();
});

beforeEach(() => {
	for (const s of Object.values(servers)) s.log.length = 0;
	for (const p of Object.values(proxies)) p.reset();
});

describe('STARTTLS server, TLS required before AUTH (the 587 profile)', () => {
	it(
		'requireTLS client delivers with EHLO, STARTTLS, EHLO, AUTH, MAIL, RCPT, DATA — as the simulator does',
		async () => {
			const sim = simulate(''); // preset laptop-587-starttls
			const before = servers.starttls.messages.length;
			const real = await sendWithNodemailer({
				port: proxies.starttls.port,
				tls: cert,
				requireTLS: true
			});

			expect(real.error).toBeUndefined();
			expect(real.accepted).toEqual([NAMES.recipient]);
			expect(servers.starttls.messages.length).toBe(before + 1);
			expect(servers.starttls.messages.at(-1)).toContain('Hi Bob!');
			expect(sim.outcome.kind).toBe('delivered');

			// Named: no-quit-after-sendmail (the simulator's trailing QUIT / 221 is removed, nothing else).
			expect(KNOWN_DIFFERENCES['no-quit-after-sendmail']).toBeDefined();
			const expected = withoutFinalQuit(simulatorDialogue(sim.steps));
			const client = clientDialogue(real.log);
			const server = serverDialogue(
				servers.starttls.log,
				lastServerConnection(servers.starttls.log)
			);

			expect(client.commands).toEqual([
				'EHLO',
				'STARTTLS',
				'EHLO',
				'AUTH PLAIN',
				'MAIL',
				'RCPT',
				'DATA'
			]);
			expect(client.commands).toEqual(expected.commands);
			// Named: pipelining — MAIL, RCPT, DATA go in one write, but the reply order is unchanged.
			expect(client.replies).toEqual(expected.replies);
			expect(classes(client.replies)).toEqual(classes(expected.replies));
			// Both real sides agree on the dialogue.
			expect(server.commands).toEqual(client.commands);
			expect(server.replies).toEqual(client.replies);

			// What an on-path observer reads in clear matches the simulator's unencrypted steps.
			const view = observerView(lastConnection(proxies.starttls));
			expect(observedDialogue(view)).toEqual(simulatorPlaintext(sim.steps));
			expect(observedDialogue(view)).toEqual({
				commands: ['EHLO', 'STARTTLS'],
				replies: [220, 250, 220]
			});
			const firstTls = view.findIndex((o) => o.line === null);
			expect(firstTls).toBeGreaterThan(0);
			expect(view.slice(firstTls).every((o) => o.line === null)).toBe(true);

			// STARTTLS is not advertised after TLS (RFC 3207 §4.2), in both.
			const realEhlos = real.log.filter((e) => e.tnx === 'server' && e.text.startsWith('250-'));
			const simEhlos = sim.steps.filter((s) => s.kind === 'reply' && s.text.startsWith('250-'));
			expect(realEhlos.map((e) => /STARTTLS/.test(e.text))).toEqual([true, false]);
			expect(simEhlos.map((s) => /STARTTLS/.test(s.text))).toEqual([true, false]);
			// Named: auth-advertised-before-tls — smtp-server lists AUTH before TLS, Postfix does not.
			expect(KNOWN_DIFFERENCES['auth-advertised-before-tls']).toBeDefined();
			expect(realEhlos.map((e) => /AUTH /.test(e.text))).toEqual([true, true]);
			expect(simEhlos.map((s) => /AUTH /.test(s.text))).toEqual([false, true]);
		},
		TEST_TIMEOUT
	);

	it(
		'wrong password: 535, class 5, nothing delivered — the simulator’s bad-credentials outcome',
		async () => {
			const sim = simulate('pass=wrong'); // preset bad-password
			const before = servers.starttls.messages.length;
			const real = await sendWithNodemailer({
				port: proxies.starttls.port,
				tls: cert,
				requireTLS: true,
				password: NAMES.wrongPassword
			});

			expect(real.error?.code).toBe('EAUTH');
			expect(real.error?.responseCode).toBe(535);
			expect(servers.starttls.auths.at(-1)).toEqual({ username: NAMES.sender, ok: false });
			expect(servers.starttls.messages.length).toBe(before);

			expect(sim.outcome.kind).toBe('refused');
			expect(sim.outcome.fate).toBe('refused');
			expect(sim.outcome.reply).toMatch(/^535 5\.7\.8 /);

			// Named: no-quit-after-sendmail (nodemailer also closes without QUIT after a failed AUTH);
			// reply-texts (smtp-server: "535 Invalid username or password", no 5.7.8).
			const expected = withoutFinalQuit(simulatorDialogue(sim.steps));
			const client = clientDialogue(real.log);
			expect(client.commands).toEqual(['EHLO', 'STARTTLS', 'EHLO', 'AUTH PLAIN']);
			expect(client.commands).toEqual(expected.commands);
			expect(client.replies).toEqual(expected.replies);
			expect(classes(client.replies).at(-1)).toBe(5);
			const server = serverDialogue(
				servers.starttls.log,
				lastServerConnection(servers.starttls.log)
			);
			expect(server.commands).toEqual(client.commands);
			expect(server.replies).toEqual(client.replies);
			// The password travelled inside TLS: the observer never saw an AUTH line.
			const view = observerView(lastConnection(proxies.starttls));
			expect(observedDialogue(view).commands).toEqual(['EHLO', 'STARTTLS']);
		},
		TEST_TIMEOUT
	);

	it(
		'AUTH before TLS is refused with a class-5 reply, but the password has already crossed in clear',
		async () => {
			// The simulator's "AUTH not offered before TLS" (fact sheet §3 (a) variant B).
			const sim = simulate('tls=none');
			const real = await sendWithNodemailer({
				port: proxies.starttls.port,
				tls: cert,
				ignoreTLS: true
			});

			// Named: auth-before-tls-538 — smtp-server 538 (historic, RFC 4954 §6), Postfix 503 5.5.1.
			expect(KNOWN_DIFFERENCES['auth-before-tls-538']).toBeDefined();
			expect(real.error?.code).toBe('EAUTH');
			expect(real.error?.responseCode).toBe(538);
			const simAuthReply = sim.steps.find(
				(s, i) => s.kind === 'reply' && sim.steps[i - 1]?.text.startsWith('AUTH ')
			);
			expect(simAuthReply?.text).toMatch(/^503 5\.5\.1 /);
			expect(Math.floor((real.error?.responseCode ?? 0) / 100)).toBe(5);

			// Named: stops-after-auth-failure — compared up to the AUTH reply.
			const client = clientDialogue(real.log);
			const simD = simulatorDialogue(sim.steps);
			expect(client.commands).toEqual(['EHLO', 'AUTH PLAIN']);
			expect(client.commands).toEqual(simD.commands.slice(0, 2));
			expect(classes(client.replies)).toEqual(classes(simD.replies.slice(0, 3)));
			expect(sim.outcome.fate).toBe('refused');

			// The credentials crossed the network readable, as the simulator's atRisk says.
			expect(sim.outcome.atRisk).toContain('credentials');
			const authLine = observedClientLines(observerView(lastConnection(proxies.starttls))).find(
				(l) => l.startsWith('AUTH PLAIN ')
			);
			expect(base64Decode(authLine?.slice('AUTH PLAIN '.length) ?? '')).toBe(
				`\0${NAMES.sender}\0${NAMES.password}`
			);
		},
		TEST_TIMEOUT
	);
});

describe('implicit TLS server (the 465 profile)', () => {
	it(
		'secure client: the TLS handshake comes before any SMTP byte, then the same dialogue as the simulator',
		async () => {
			const sim = simulate('port=465&tls=implicit'); // preset implicit-tls-465
			const before = servers.implicit.messages.length;
			const real = await sendWithNodemailer({
				port: proxies.implicit.port,
				tls: cert,
				secure: true
			});

			expect(real.error).toBeUndefined();
			expect(servers.implicit.messages.length).toBe(before + 1);
			expect(sim.outcome.kind).toBe('delivered');

			// The very first bytes the client sends are a TLS handshake record (ClientHello): 0x16 0x03.
			const first = clientBytes(lastConnection(proxies.implicit));
			expect([...first.subarray(0, 2)]).toEqual([0x16, 0x03]);
			expect(first[5]).toBe(0x01); // handshake type 1 = ClientHello (RFC 8446 §4)
			// The observer never reads an SMTP line; in the simulator, neither (and TLS comes first).
			const view = observerView(lastConnection(proxies.implicit));
			expect(view.length).toBeGreaterThan(0);
			expect(view.every((o) => o.line === null)).toBe(true);
			expect(simulatorPlaintext(sim.steps)).toEqual({ commands: [], replies: [] });
			const firstNonTcp = sim.steps.find((s) => s.layer !== 'TCP');
			expect(firstNonTcp?.layer).toBe('TLS');
			expect(firstNonTcp?.kind).toBe('tls-hello');
			expect(sim.steps.filter((s) => s.layer === 'SMTP').every((s) => s.encrypted)).toBe(true);

			// Named: no-quit-after-sendmail, pipelining.
			const expected = withoutFinalQuit(simulatorDialogue(sim.steps));
			const client = clientDialogue(real.log);
			expect(client.commands).toEqual(['EHLO', 'AUTH PLAIN', 'MAIL', 'RCPT', 'DATA']);
			expect(client.commands).toEqual(expected.commands);
			expect(client.replies).toEqual(expected.replies);
			const server = serverDialogue(
				servers.implicit.log,
				lastServerConnection(servers.implicit.log)
			);
			expect(server.commands).toEqual(client.commands);
			expect(server.replies).toEqual(client.replies);
			// No STARTTLS on an implicit-TLS port, in both.
			expect(real.log.some((e) => e.tnx === 'server' && /STARTTLS/.test(e.text))).toBe(false);
			expect(sim.steps.some((s) => s.kind === 'reply' && /STARTTLS/.test(s.text))).toBe(false);
		},
		TEST_TIMEOUT
	);
});

describe('plaintext-only server', () => {
	it(
		'client without TLS: the mail goes in clear and AUTH PLAIN decodes to the credentials, as the observer view says',
		async () => {
			const sim = simulate('tls=none&starttls=no&authtls=no&attack=eavesdropper');
			const before = servers.plaintext.messages.length;
			const real = await sendWithNodemailer({
				port: proxies.plaintext.port,
				tls: cert,
				ignoreTLS: true
			});

			expect(real.error).toBeUndefined();
			expect(servers.plaintext.messages.length).toBe(before + 1);
			expect(sim.outcome.kind).toBe('credentials-exposed');
			expect(sim.outcome.fate).toBe('delivered');
			expect(sim.outcome.exposures).toEqual(['credentials', 'envelope', 'message']);

			// Named: no-quit-after-sendmail, pipelining.
			const expected = withoutFinalQuit(simulatorDialogue(sim.steps));
			const client = clientDialogue(real.log);
			expect(client.commands).toEqual(['EHLO', 'AUTH PLAIN', 'MAIL', 'RCPT', 'DATA']);
			expect(client.commands).toEqual(expected.commands);
			expect(client.replies).toEqual(expected.replies);

			// The recording: everything readable, the same lines the simulator's observer reads.
			const view = observerView(lastConnection(proxies.plaintext));
			expect(view.every((o) => o.line !== null)).toBe(true);
			expect(observedDialogue(view)).toEqual(expected);
			const lines = observedClientLines(view);
			const authLine = lines.find((l) => l.startsWith('AUTH PLAIN '));
			const simAuth = sim.steps.find(
				(s) => s.kind === 'command' && s.text.startsWith('AUTH PLAIN ')
			);
			// Same user and password on both sides, so the very same base64 string.
			expect(authLine).toBe(simAuth?.text);
			expect(simAuth?.observer).toBe(simAuth?.text);
			const decoded = base64Decode(authLine?.slice('AUTH PLAIN '.length) ?? '');
			expect(decoded).toBe(`\0${NAMES.sender}\0${NAMES.password}`);
			expect(simAuth?.decoded).toBe(decoded?.replace(/\0/g, '\\0'));
			expect(lines).toContain(`MAIL FROM:<${NAMES.sender}>`);
			expect(lines).toContain(`RCPT TO:<${NAMES.recipient}>`);
			expect(lines).toContain('Hi Bob!');
		},
		TEST_TIMEOUT
	);
});
